package dev.bmo.api.ratelimit;

/**
 * One request's answer from its key's bucket: let through or not, and the figures of the X-RateLimit-* headers.
 *
 * @param resetSeconds      until the bucket is full again
 * @param retryAfterSeconds until the next request would be let through (0 when this one was)
 */
public record RateDecision(boolean allowed, int limit, long remaining, long resetSeconds, long retryAfterSeconds) {
}

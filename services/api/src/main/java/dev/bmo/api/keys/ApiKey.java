package dev.bmo.api.keys;

/**
 * A caller known by its key: the key's name (whose it is), its rate limit (requests per minute) and the version of
 * that configuration (one more at every change), which tells a bucket already in Redis to take the new limit.
 */
public record ApiKey(String name, int limitPerMinute, long version) {
}

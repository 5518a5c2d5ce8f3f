package dev.bmo.api.keys;

/** A caller known by its key: the key's name (whose it is) and its rate limit, requests per minute. */
public record ApiKey(String name, int limitPerMinute) {
}

package dev.bmo.api.cache;

import dev.bmo.api.media.MediaReply;

/** Media's answer as the cache gives it, how it was got, and its age in seconds. */
public record Cached(MediaReply reply, Freshness freshness, long ageSeconds) {
}

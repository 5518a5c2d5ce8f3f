package dev.bmo.api.keys;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** What the key administration shows of a key: never the key, never its hash. */
public record KeyRecord(String name, int limitPerMinute, long version, Instant created, @Nullable Instant revoked) {
}

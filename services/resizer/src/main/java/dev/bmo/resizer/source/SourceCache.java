package dev.bmo.resizer.source;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.bmo.vips.NativeBytes;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Source bytes fetched in the last {@code ttl}, in native memory (off the heap, which the render cache has),
 * at most {@code maxBytes} of them: a fresh photo is asked for in many sizes within seconds of its upload, and
 * the burst then reads its original from S3 once. Concurrent requests for the same key wait for the one fetch
 * under way (Caffeine computes a key once). Each reader gets its own copy, which libvips adopts and frees; an
 * entry evicted while a reader copies it is simply fetched again.
 */
public final class SourceCache {

    private final Cache<String, NativeBytes> cache;

    /** @param maxBytes 0: no cache, every read goes to S3 */
    public SourceCache(long maxBytes, Duration ttl, MeterRegistry registry) {
        this.cache = maxBytes <= 0 ? null : Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String key, NativeBytes bytes) -> bytes.length())
                .expireAfterWrite(ttl)
                .executor(Runnable::run) // evicted memory is freed at once, not by a later task
                .removalListener((String key, NativeBytes bytes, RemovalCause cause) -> {
                    if (bytes != null) {
                        bytes.close();
                    }
                })
                .recordStats()
                .build();
        if (cache != null) {
            CaffeineCacheMetrics.monitor(registry, cache, "resizer.sources");
        }
    }

    /** The key's bytes (the caller's own copy), fetched by {@code fetch} when no recent copy is held. */
    public Optional<NativeBytes> get(String key, Function<String, Optional<NativeBytes>> fetch) {
        if (cache == null) {
            return fetch.apply(key);
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            // the fetching caller keeps a copy of its own: an entry larger than the whole cache is evicted
            // (and freed) as soon as it is put
            NativeBytes[] fetchedHere = {null};
            NativeBytes shared = cache.get(key, k -> fetch.apply(k).map(bytes -> {
                fetchedHere[0] = bytes.copy().orElseThrow();
                return bytes;
            }).orElse(null));
            if (fetchedHere[0] != null) {
                return Optional.of(fetchedHere[0]);
            }
            if (shared == null) {
                return Optional.empty(); // not found: nothing is kept
            }
            Optional<NativeBytes> mine = shared.copy();
            if (mine.isPresent()) {
                return mine;
            }
            // evicted (and freed) between the lookup and the copy: look again
        }
        return fetch.apply(key);
    }

    /** Whether anything is kept at all. */
    public boolean enabled() {
        return cache != null;
    }

    /** Keeps {@code bytes} (this cache owns them from now on; freed at once when the cache is off). */
    public void put(String key, NativeBytes bytes) {
        if (cache == null) {
            bytes.close();
            return;
        }
        cache.put(key, bytes);
    }

    /** Bytes held now. */
    public long bytes() {
        return cache == null ? 0 : cache.policy().eviction().flatMap(e -> e.weightedSize().stream().boxed()
                .findFirst()).orElse(0L);
    }
}

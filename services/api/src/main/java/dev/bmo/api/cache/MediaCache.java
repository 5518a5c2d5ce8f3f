package dev.bmo.api.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.bmo.api.media.MediaClient;
import dev.bmo.api.media.MediaReply;
import dev.bmo.api.media.MediaUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Media's 200 answers by path, in memory (Caffeine). Fresh for {@code freshFor}: served without asking media.
 * Older: media is asked again, and when it cannot answer (down, timing out, its breaker open) the old answer is
 * served, stale, for up to {@code staleFor}; with nothing cached the failure goes to the caller (a fast 503).
 * Concurrent misses for one path make one call to media, and all of them get its answer (a photo that has
 * just been shared is asked for by many clients at once). Counted in {@code api.cache.requests} by
 * {@code result} (hit, miss, stale).
 */
@Component
public class MediaCache {

    private record Entry(MediaReply reply, long storedAtNanos) {
    }

    private final MediaClient media;
    private final long freshNanos;
    private final Cache<String, Entry> entries;
    private final Map<Freshness, Counter> counters = new EnumMap<>(Freshness.class);
    private final ConcurrentHashMap<String, CompletableFuture<MediaReply>> inflight = new ConcurrentHashMap<>();
    private final Counter coalesced;

    public MediaCache(MediaClient media, CacheSettings settings, MeterRegistry registry) {
        this.media = media;
        this.freshNanos = settings.freshFor().toNanos();
        this.entries = Caffeine.newBuilder().maximumSize(settings.maxEntries())
                .expireAfterWrite(settings.staleFor()).build();
        for (Freshness f : Freshness.values()) {
            counters.put(f, Counter.builder("api.cache.requests").description("photo lookups by how they were answered")
                    .tag("result", f.header()).register(registry));
        }
        this.coalesced = Counter.builder("api.cache.coalesced")
                .description("misses that waited for the same call to media already under way").register(registry);
    }

    public Cached get(String pathAndQuery) {
        long now = System.nanoTime();
        Entry entry = entries.getIfPresent(pathAndQuery);
        if (isFresh(entry, now)) {
            return count(new Cached(entry.reply(), Freshness.HIT, age(entry, now)));
        }
        MediaReply reply;
        try {
            reply = fetchOnce(pathAndQuery);
        } catch (MediaUnavailableException e) {
            if (entry == null) {
                throw e;
            }
            return count(new Cached(entry.reply(), Freshness.STALE, age(entry, System.nanoTime())));
        }
        if (reply.ok()) {
            entries.put(pathAndQuery, new Entry(reply, System.nanoTime()));
        } else {
            entries.invalidate(pathAndQuery); // gone, or never there: not kept to stand in for anything
        }
        return count(new Cached(reply, Freshness.MISS, 0));
    }

    /**
     * Media's answer for the path while it is still fresh, without asking media and not yet counted (the caller
     * that serves it calls {@link #servedHit}); null when the caller must go through {@link #get}.
     */
    public MediaReply fresh(String pathAndQuery) {
        Entry entry = entries.getIfPresent(pathAndQuery);
        return isFresh(entry, System.nanoTime()) ? entry.reply() : null;
    }

    private boolean isFresh(Entry entry, long now) {
        return entry != null && now - entry.storedAtNanos() < freshNanos;
    }

    /** Counts an answer from {@link #fresh} that was served. */
    public void servedHit() {
        counters.get(Freshness.HIT).increment();
    }

    /** Media's answer for the path: the call already under way for it, or a new one. */
    private MediaReply fetchOnce(String pathAndQuery) {
        CompletableFuture<MediaReply> mine = new CompletableFuture<>();
        CompletableFuture<MediaReply> running = inflight.putIfAbsent(pathAndQuery, mine);
        if (running != null) {
            coalesced.increment();
            try {
                return running.join(); // bounded by the leader's own timeouts to media
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        try {
            MediaReply reply = media.get(pathAndQuery);
            mine.complete(reply);
            return reply;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inflight.remove(pathAndQuery, mine);
        }
    }

    private Cached count(Cached c) {
        counters.get(c.freshness()).increment();
        return c;
    }

    private static long age(Entry e, long now) {
        return (now - e.storedAtNanos()) / 1_000_000_000L;
    }
}

package dev.bmo.api.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.bmo.api.media.MediaClient;
import dev.bmo.api.media.MediaReply;
import dev.bmo.api.media.MediaUnavailableException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Media's 200 answers by path, in memory (Caffeine). Fresh for {@code freshFor}: served without asking media.
 * Older: media is asked again, and when it cannot answer (down, timing out, its breaker open) the old answer is
 * served, stale, for up to {@code staleFor}; with nothing cached the failure goes to the caller (a fast 503).
 * Concurrent misses for one path make one call to media, and all of them get its answer (a photo that has
 * just been shared is asked for by many clients at once). Counted in {@code api.cache.requests} by
 * {@code result} (hit, miss, stale).
 * <p>
 * Refreshed ahead: a hit on an answer past half its freshness asks media again in the background (once per
 * path at a time, {@code api.cache.refreshed}), so a photo asked for steadily never waits for media. Without
 * it, every busy photo cached at the same moment expired at the same moment on every host, and the requests of
 * those seconds all waited for one burst of calls to media (bench/api/run: p99 32 ms at 1,000 req/s, bursts
 * of up to 300 ms every {@code freshFor}). An unchanged answer keeps its {@link MediaReply} instance, so the
 * views made from it stay valid.
 */
@Component
public class MediaCache implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(MediaCache.class);

    private record Entry(MediaReply reply, long storedAtNanos) {
    }

    private final MediaClient media;
    private final long freshNanos;
    private final Cache<String, Entry> entries;
    private final Map<Freshness, Counter> counters = new EnumMap<>(Freshness.class);
    private final ConcurrentHashMap<String, CompletableFuture<MediaReply>> inflight = new ConcurrentHashMap<>();
    private final Counter coalesced;
    private final Counter refreshed;
    private final long refreshAfterNanos;
    private final Set<String> refreshing = ConcurrentHashMap.newKeySet();
    // two threads and a bounded queue: when they cannot keep up, a later request fetches the answer itself
    private final ThreadPoolExecutor refresher = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(1_000), r -> {
                Thread t = new Thread(r, "media-refresh");
                t.setDaemon(true);
                return t;
            });

    public MediaCache(MediaClient media, CacheSettings settings, MeterRegistry registry) {
        this.media = media;
        this.freshNanos = settings.freshFor().toNanos();
        this.refreshAfterNanos = freshNanos / 2;
        this.entries = Caffeine.newBuilder().maximumSize(settings.maxEntries())
                .expireAfterWrite(settings.staleFor()).build();
        for (Freshness f : Freshness.values()) {
            counters.put(f, Counter.builder("api.cache.requests").description("photo lookups by how they were answered")
                    .tag("result", f.header()).register(registry));
        }
        this.coalesced = Counter.builder("api.cache.coalesced")
                .description("misses that waited for the same call to media already under way").register(registry);
        this.refreshed = Counter.builder("api.cache.refreshed")
                .description("answers asked of media again in the background, before they stopped being fresh")
                .register(registry);
    }

    public Cached get(String pathAndQuery) {
        long now = System.nanoTime();
        Entry entry = entries.getIfPresent(pathAndQuery);
        if (isFresh(entry, now)) {
            return count(hit(pathAndQuery, entry, now));
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
        return count(new Cached(store(pathAndQuery, entry, reply), Freshness.MISS, 0));
    }

    /** Keeps media's new answer (the old instance when nothing changed); returns the one kept. */
    private MediaReply store(String pathAndQuery, Entry old, MediaReply reply) {
        if (!reply.ok()) {
            entries.invalidate(pathAndQuery); // gone, or never there: not kept to stand in for anything
            return reply;
        }
        MediaReply kept = old != null && Arrays.equals(old.reply().body(), reply.body()) ? old.reply() : reply;
        entries.put(pathAndQuery, new Entry(kept, System.nanoTime()));
        return kept;
    }

    private void refreshAhead(String pathAndQuery, Entry entry, long now) {
        if (now - entry.storedAtNanos() < refreshAfterNanos || !refreshing.add(pathAndQuery)) {
            return;
        }
        try {
            refresher.execute(() -> {
                try {
                    store(pathAndQuery, entry, fetchOnce(pathAndQuery));
                    refreshed.increment();
                } catch (RuntimeException e) {
                    // media down or slow: the entry stays as it is, and goes stale in its time
                    log.debug("background refresh of {} failed: {}", pathAndQuery, e.toString());
                } finally {
                    refreshing.remove(pathAndQuery);
                }
            });
        } catch (RejectedExecutionException e) {
            refreshing.remove(pathAndQuery);
        }
    }

    @Override
    public void destroy() {
        refresher.shutdownNow();
    }

    /**
     * Media's answer for the path when it can be served without asking media, not yet counted (the caller that
     * serves it calls {@link #served}): fresh ({@code HIT}), or older ({@code STALE}) while media's circuit
     * breaker is open, as a call would be refused anyway. Null when the caller must go through {@link #get}.
     * An outage is then answered by the same short path as a hit, not by code that, outages being rare, the
     * JIT has never compiled (bench/api/run: p99 1.9 s in the first minute of media down on API hosts just
     * started, 16 ms once warm).
     */
    public Cached withoutAsking(String pathAndQuery) {
        Entry entry = entries.getIfPresent(pathAndQuery);
        long now = System.nanoTime();
        if (isFresh(entry, now)) {
            return hit(pathAndQuery, entry, now);
        }
        return entry != null && media.state() == CircuitBreaker.State.OPEN
                ? new Cached(entry.reply(), Freshness.STALE, age(entry, now)) : null;
    }

    private Cached hit(String pathAndQuery, Entry entry, long now) {
        refreshAhead(pathAndQuery, entry, now);
        return new Cached(entry.reply(), Freshness.HIT, age(entry, now));
    }

    private boolean isFresh(Entry entry, long now) {
        return entry != null && now - entry.storedAtNanos() < freshNanos;
    }

    /** Counts an answer from {@link #withoutAsking} that was served. */
    public void served(Freshness freshness) {
        counters.get(freshness).increment();
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

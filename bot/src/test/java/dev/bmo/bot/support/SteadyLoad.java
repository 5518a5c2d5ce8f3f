package dev.bmo.bot.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Steady traffic for a test: GETs at a fixed rate ({@code url} gives the n-th request's URL), from a few threads,
 * counted by status. Bounded: it stops by itself after {@code limit}, and on {@link #close}.
 * {@link #pause()} and {@link #resume()} switch it off and on without losing the counts.
 */
public final class SteadyLoad implements AutoCloseable {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final IntFunction<URI> url;
    private final ScheduledExecutorService pool;
    private final AtomicBoolean paused = new AtomicBoolean();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<Integer, AtomicLong> byStatus = new ConcurrentHashMap<>();
    private final AtomicLong transportErrors = new AtomicLong();
    private final long stopAt;

    public SteadyLoad(IntFunction<URI> url, int perSecond, Duration limit) {
        this.url = url;
        this.stopAt = System.nanoTime() + limit.toNanos();
        this.pool = Executors.newScheduledThreadPool(4, r -> {
            Thread t = new Thread(r, "steady-load");
            t.setDaemon(true);
            return t;
        });
        pool.scheduleAtFixedRate(this::one, 0, 1_000_000 / perSecond, TimeUnit.MICROSECONDS);
    }

    private void one() {
        if (System.nanoTime() > stopAt) {
            pool.shutdown();
            return;
        }
        if (paused.get() || inFlight.get() >= 16) {
            return; // never more than a few requests waiting: a slow release must not pile up load
        }
        URI uri = url.apply(next.getAndIncrement());
        inFlight.incrementAndGet();
        http.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                    inFlight.decrementAndGet();
                    if (e != null) {
                        transportErrors.incrementAndGet();
                    } else {
                        byStatus.computeIfAbsent(r.statusCode(), s -> new AtomicLong()).incrementAndGet();
                    }
                });
    }

    public void pause() {
        paused.set(true);
    }

    public void resume() {
        paused.set(false);
    }

    public long count(int status) {
        AtomicLong n = byStatus.get(status);
        return n == null ? 0 : n.get();
    }

    public long transportErrors() {
        return transportErrors.get();
    }

    @Override
    public String toString() {
        return "statuses " + byStatus + ", transport errors " + transportErrors;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}

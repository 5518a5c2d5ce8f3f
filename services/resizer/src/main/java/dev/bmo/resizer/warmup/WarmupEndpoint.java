package dev.bmo.resizer.warmup;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /actuator/warmup {"uris": "<one per line>", "rounds": 2, "seconds": 20}}: replays image URIs (a
 * peer's {@code hotkeys}; one string, as Actuator's write operations take simple values) against this very host, over loopback and through its whole HTTP path, before the
 * load balancer sends it traffic: the first round renders them into the cache (and compiles the render
 * path), the later ones compile the cache-hit path. Only this host's own {@code /v1/images/} paths are
 * fetched, never another address. Bounded: at most {@link #MAX_URIS} URIs, {@link #MAX_SECONDS} seconds,
 * a few requests at a time. Behind the fleet's Actuator token.
 */
@Endpoint(id = "warmup")
public class WarmupEndpoint {

    static final int MAX_URIS = 2000;
    static final int MAX_ROUNDS = 5;
    static final int MAX_SECONDS = 120;
    static final String PREFIX = "/v1/images/";

    private final IntSupplier port;
    private final int parallel;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** @param port this server's port, once it listens */
    public WarmupEndpoint(IntSupplier port, int parallel) {
        this.port = port;
        this.parallel = Math.max(1, parallel);
    }

    @WriteOperation
    public Map<String, Object> warm(String uris, @Nullable Integer rounds, @Nullable Integer seconds) {
        List<String> given = uris.lines().map(String::strip).filter(u -> !u.isEmpty()).toList();
        List<String> paths = given.stream().filter(WarmupEndpoint::ownImagePath).limit(MAX_URIS).toList();
        int r = rounds == null ? 2 : Math.max(1, Math.min(MAX_ROUNDS, rounds));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds == null ? 20
                : Math.max(1, Math.min(MAX_SECONDS, seconds)));
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger skipped = new AtomicInteger();
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(parallel, runnable -> {
            Thread t = new Thread(runnable, "warmup");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int round = 0; round < r; round++) {
                List<Future<?>> running = new ArrayList<>();
                for (String path : paths) {
                    running.add(pool.submit(() -> fetch(path, deadline, ok, failed, skipped)));
                }
                for (Future<?> f : running) {
                    try {
                        f.get();
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("uris", paths.size());
        out.put("refused", given.size() - paths.size());
        out.put("rounds", r);
        out.put("ok", ok.get());
        out.put("failed", failed.get());
        out.put("skipped", skipped.get());
        out.put("millis", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        return out;
    }

    private void fetch(String path, long deadline, AtomicInteger ok, AtomicInteger failed, AtomicInteger skipped) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            skipped.incrementAndGet();
            return;
        }
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port.getAsInt() + path))
                    .timeout(Duration.ofNanos(Math.min(left, TimeUnit.SECONDS.toNanos(10))))
                    .header(HotKeysFilter.WARMUP_HEADER, "1").GET().build();
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            (status / 100 == 2 || status == 304 ? ok : failed).incrementAndGet();
        } catch (java.io.IOException e) {
            failed.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            skipped.incrementAndGet();
        }
    }

    /** A path of this host's image API: no scheme, no host, no way out of /v1/images/. */
    static boolean ownImagePath(String uri) {
        return uri != null && uri.startsWith(PREFIX) && uri.length() <= 4096 && !uri.contains("..")
                && !uri.contains("#") && uri.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }
}

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An open-loop load generator: it sends requests at a steady rate whatever the answers take (so a slow
 * server cannot slow the load down and hide its latency), and measures each request from the moment it
 * was due. Requests are grouped by the phase written in a file (before / during / after a deploy) that
 * the calling script changes. Every loop is bounded: it stops at --max-seconds or when the phase file
 * says "stop", and never has more than --max-in-flight requests open.
 *
 * <pre>
 * java bench/fleet/LoadGenerator.java --phase-file F --max-seconds 600 \
 *     --get resizer=urls.txt@40 --post media=photo.jpg@5 [--header media:X-Photographer:Bench]
 * </pre>
 * A GET target takes a file of URLs (one a line, used in turn); a POST target takes one body file and
 * a URL (--url media=http://...). Rates are requests per second per target.
 */
public class LoadGenerator {

    record Sample(String target, String phase, long micros, int status) {
    }

    static final class Target {
        final String name;
        final List<URI> urls;
        final byte[] body;
        final String contentType;
        final double rate;
        final Map<String, String> headers = new LinkedHashMap<>();
        final AtomicLong next = new AtomicLong();

        Target(String name, List<URI> urls, byte[] body, String contentType, double rate) {
            this.name = name;
            this.urls = urls;
            this.body = body;
            this.contentType = contentType;
            this.rate = rate;
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> postUrls = new LinkedHashMap<>();
        List<String[]> gets = new ArrayList<>();
        List<String[]> posts = new ArrayList<>();
        List<String[]> headers = new ArrayList<>();
        Path phaseFile = null;
        long maxSeconds = 300;
        int maxInFlight = 512;
        Duration timeout = Duration.ofSeconds(10);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--phase-file" -> phaseFile = Path.of(args[++i]);
                case "--max-seconds" -> maxSeconds = Long.parseLong(args[++i]);
                case "--max-in-flight" -> maxInFlight = Integer.parseInt(args[++i]);
                case "--timeout-seconds" -> timeout = Duration.ofSeconds(Long.parseLong(args[++i]));
                case "--get" -> gets.add(args[++i].split("[=@]"));
                case "--post" -> posts.add(args[++i].split("[=@]"));
                case "--url" -> {
                    String[] kv = args[++i].split("=", 2);
                    postUrls.put(kv[0], kv[1]);
                }
                case "--header" -> headers.add(args[++i].split(":", 3));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (phaseFile == null) {
            throw new IllegalArgumentException("--phase-file is required");
        }
        List<Target> targets = new ArrayList<>();
        for (String[] g : gets) {
            List<URI> urls = Files.readAllLines(Path.of(g[1])).stream().filter(l -> !l.isBlank()).map(URI::create).toList();
            targets.add(new Target(g[0], urls, null, null, Double.parseDouble(g[2])));
        }
        for (String[] p : posts) {
            String url = postUrls.get(p[0]);
            if (url == null) {
                throw new IllegalArgumentException("--post " + p[0] + " needs --url " + p[0] + "=<url>");
            }
            targets.add(new Target(p[0], List.of(URI.create(url)), Files.readAllBytes(Path.of(p[1])), "image/jpeg",
                    Double.parseDouble(p[2])));
        }
        for (String[] h : headers) {
            targets.stream().filter(t -> t.name.equals(h[0])).forEach(t -> t.headers.put(h[1], h[2].strip()));
        }
        run(targets, phaseFile, maxSeconds, maxInFlight, timeout);
    }

    static void run(List<Target> targets, Path phaseFile, long maxSeconds, int maxInFlight, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2))
                .executor(Executors.newFixedThreadPool(8)).build();
        List<Sample> samples = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger inFlight = new AtomicInteger();
        Map<String, AtomicLong> refused = new ConcurrentHashMap<>();
        ScheduledExecutorService ticker = Executors.newScheduledThreadPool(2);
        String[] phase = {readPhase(phaseFile)};
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(maxSeconds);
        for (Target t : targets) {
            long periodNanos = (long) (1_000_000_000L / t.rate);
            ticker.scheduleAtFixedRate(() -> {
                if (inFlight.get() >= maxInFlight) {
                    refused.computeIfAbsent(t.name + "|" + phase[0], k -> new AtomicLong()).incrementAndGet();
                    return;
                }
                String at = phase[0];
                long due = System.nanoTime();
                URI uri = t.urls.get((int) (t.next.getAndIncrement() % t.urls.size()));
                HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout);
                t.headers.forEach(b::header);
                if (t.body != null) {
                    b.header("Content-Type", t.contentType).POST(HttpRequest.BodyPublishers.ofByteArray(t.body));
                }
                inFlight.incrementAndGet();
                http.sendAsync(b.build(), HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                    inFlight.decrementAndGet();
                    long micros = (System.nanoTime() - due) / 1000;
                    samples.add(new Sample(t.name, at, micros, e != null ? -1 : r.statusCode()));
                });
            }, 0, periodNanos, TimeUnit.NANOSECONDS);
        }
        while (System.nanoTime() < deadline) {
            Thread.sleep(200);
            phase[0] = readPhase(phaseFile);
            if (phase[0].equals("stop")) {
                break;
            }
        }
        ticker.shutdownNow();
        long drainUntil = System.nanoTime() + timeout.toNanos() + TimeUnit.SECONDS.toNanos(1);
        while (inFlight.get() > 0 && System.nanoTime() < drainUntil) {
            Thread.sleep(50);
        }
        report(samples, refused, (System.nanoTime() - start) / 1e9);
        System.exit(0);
    }

    static String readPhase(Path file) {
        try {
            String s = Files.readString(file).strip();
            return s.isEmpty() ? "before" : s;
        } catch (IOException e) {
            return "before";
        }
    }

    static void report(List<Sample> samples, Map<String, AtomicLong> refused, double seconds) {
        Map<String, List<Sample>> groups = new LinkedHashMap<>();
        synchronized (samples) {
            for (Sample s : samples) {
                groups.computeIfAbsent(s.target() + "|" + s.phase(), k -> new ArrayList<>()).add(s);
            }
        }
        System.out.printf(Locale.ROOT, "%-10s %-7s %7s %7s %6s %6s %6s %9s %9s %9s %9s %11s%n",
                "target", "phase", "sent", "2xx", "4xx", "5xx", "conn", "p50 ms", "p95 ms", "p99 ms", "max ms", "p95 5xx ms");
        groups.forEach((key, list) -> {
            String[] tp = key.split("\\|");
            long[] all = list.stream().mapToLong(Sample::micros).sorted().toArray();
            long[] errors = list.stream().filter(s -> s.status() >= 500).mapToLong(Sample::micros).sorted().toArray();
            long ok = list.stream().filter(s -> s.status() >= 200 && s.status() < 400).count();
            long client = list.stream().filter(s -> s.status() >= 400 && s.status() < 500).count();
            long server = errors.length;
            long conn = list.stream().filter(s -> s.status() < 0).count();
            long notSent = refused.getOrDefault(key, new AtomicLong()).get();
            System.out.printf(Locale.ROOT, "%-10s %-7s %7d %7d %6d %6d %6d %9.1f %9.1f %9.1f %9.1f %11s%s%n",
                    tp[0], tp[1], list.size() + notSent, ok, client, server, conn,
                    pct(all, 50), pct(all, 95), pct(all, 99), all.length == 0 ? 0 : all[all.length - 1] / 1000.0,
                    errors.length == 0 ? "-" : String.format(Locale.ROOT, "%.1f", pct(errors, 95)),
                    notSent == 0 ? "" : "  (" + notSent + " not sent: too many in flight)");
        });
        System.out.printf(Locale.ROOT, "(%.0f s; latency measured from when each request was due; conn = connection errors and timeouts)%n", seconds);
    }

    static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1000.0;
    }
}

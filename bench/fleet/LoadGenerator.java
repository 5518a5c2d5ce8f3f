import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
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

    record Sample(String target, String phase, long due, long micros, int status) {
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
        Path samplesFile = null;
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
                case "--samples-file" -> samplesFile = Path.of(args[++i]);
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
        run(targets, phaseFile, maxSeconds, maxInFlight, timeout, samplesFile);
    }

    /** One request due at {@code due} (System.nanoTime), in the phase it was due in. */
    record Ticket(Target target, String phase, long due, URI uri) {
    }

    static void run(List<Target> targets, Path phaseFile, long maxSeconds, int maxInFlight, Duration timeout, Path samplesFile)
            throws Exception {
        List<Sample> samples = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger inFlight = new AtomicInteger();
        Map<String, AtomicLong> refused = new ConcurrentHashMap<>();
        BlockingQueue<Ticket> due = new LinkedBlockingQueue<>();
        // workers, each with its own keep-alive connections: a ticket waits in the queue when all are busy,
        // and its latency counts from when it was due, so a slow server shows as latency, not as less load
        int workers = Math.min(maxInFlight, WORKERS);
        List<Thread> pool = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            Thread w = new Thread(() -> work(due, samples, inFlight, timeout), "load-" + i);
            w.setDaemon(true);
            w.start();
            pool.add(w);
        }
        ScheduledExecutorService ticker = Executors.newScheduledThreadPool(2);
        String[] phase = {readPhase(phaseFile)};
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(maxSeconds);
        for (Target t : targets) {
            long periodNanos = (long) (1_000_000_000L / t.rate);
            long first = System.nanoTime();
            AtomicLong n = new AtomicLong();
            ticker.scheduleAtFixedRate(() -> {
                // the time this tick was due, not when the ticker got to it
                long at = first + n.getAndIncrement() * periodNanos;
                if (inFlight.get() >= maxInFlight) {
                    refused.computeIfAbsent(t.name + "|" + phase[0], k -> new AtomicLong()).incrementAndGet();
                    return;
                }
                inFlight.incrementAndGet();
                due.add(new Ticket(t, phase[0], at, t.urls.get((int) (t.next.getAndIncrement() % t.urls.size()))));
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
        if (samplesFile != null) {
            writeSamples(samples, start, samplesFile);
        }
        System.exit(0);
    }

    /** Worker threads: enough for a few hundred requests in flight on loopback. */
    static final int WORKERS = 256;

    static void work(BlockingQueue<Ticket> due, List<Sample> samples, AtomicInteger inFlight, Duration timeout) {
        Map<String, HttpConnection> connections = new HashMap<>();
        while (true) {
            Ticket t;
            try {
                t = due.take();
            } catch (InterruptedException e) {
                return;
            }
            String origin = t.uri().getHost() + ":" + t.uri().getPort();
            int status = -1;
            // a kept-alive connection the server has closed meanwhile fails at once: that request goes again
            // on a new connection, once (GETs only)
            for (int attempt = 0; attempt < 2 && status < 0; attempt++) {
                HttpConnection c = connections.get(origin);
                if (c != null && c.idleNanos() > HttpConnection.REUSE_IDLE_NANOS) {
                    c.close(); // the server may be closing it now: a POST on it would fail, and is never sent twice
                    c = null;
                }
                boolean reused = c != null;
                try {
                    if (c == null) {
                        c = new HttpConnection(t.uri().getHost(), t.uri().getPort(), timeout);
                        connections.put(origin, c);
                    }
                    status = c.exchange(t.target(), t.uri());
                    if (!c.open()) {
                        connections.remove(origin);
                    }
                } catch (IOException e) {
                    connections.remove(origin);
                    if (c != null) {
                        c.close();
                    }
                    if (!reused || c.answered || t.target().body != null) { // never send a POST twice
                        break;
                    }
                }
            }
            inFlight.decrementAndGet();
            samples.add(new Sample(t.target().name, t.phase(), t.due(), (System.nanoTime() - t.due()) / 1000, status));
        }
    }

    /**
     * One keep-alive HTTP/1.1 connection over a plain socket: far cheaper per request than the JDK's
     * HttpClient (about 1.2 ms of CPU a request with it, which on 2 cores took CPU from the servers measured).
     * Reads Content-Length and chunked bodies; a "Connection: close" answer closes it.
     */
    static final class HttpConnection {
        /**
         * A connection idle longer than this is not used again: HAProxy closes one idle for 10 s (its timeout
         * http-keep-alive), and at a few requests a second over 256 workers most are. A GET on a closed one is
         * sent again, but a POST is not, and was counted as a connection error of the server measured.
         */
        static final long REUSE_IDLE_NANOS = 4_000_000_000L;
        private long lastUsed = System.nanoTime();
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final String host;
        private boolean open = true;
        /** the last exchange got an answer's first line (a failure after it is not a stale connection) */
        boolean answered;

        HttpConnection(String host, int port, Duration timeout) throws IOException {
            this.host = host + ":" + port;
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 2000);
            socket.setSoTimeout((int) timeout.toMillis());
            in = new BufferedInputStream(socket.getInputStream(), 65536);
            out = new BufferedOutputStream(socket.getOutputStream(), 65536);
        }

        boolean open() {
            return open;
        }

        long idleNanos() {
            return System.nanoTime() - lastUsed;
        }

        void close() {
            open = false;
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }

        int exchange(Target t, URI uri) throws IOException {
            StringBuilder head = new StringBuilder(256);
            String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            head.append(t.body == null ? "GET " : "POST ").append(path).append(" HTTP/1.1\r\nHost: ").append(host)
                    .append("\r\n");
            t.headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            if (t.body != null) {
                head.append("Content-Type: ").append(t.contentType).append("\r\nContent-Length: ")
                        .append(t.body.length).append("\r\n");
            }
            head.append("\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (t.body != null) {
                out.write(t.body);
            }
            out.flush();
            answered = false;
            String status = line();
            if (status == null || !status.startsWith("HTTP/1.")) {
                close();
                throw new IOException("no HTTP answer: " + status);
            }
            answered = true;
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            for (String h = line(); h != null && !h.isEmpty(); h = line()) {
                int colon = h.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = h.substring(0, colon).trim();
                String value = h.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Content-Length")) {
                    length = Long.parseLong(value);
                } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
                    chunked = true;
                } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
                    open = false;
                }
            }
            if (chunked) {
                for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0;
                        size = Long.parseLong(line().split(";")[0].trim(), 16)) {
                    skip(size);
                    line();
                }
                for (String trailer = line(); trailer != null && !trailer.isEmpty(); trailer = line()) {
                    // trailers, ignored
                }
            } else if (length >= 0) {
                skip(length);
            } else if (code != 204 && code != 304 && code >= 200) {
                while (in.read() >= 0) {
                    // no length: the body ends with the connection
                }
                open = false;
            }
            if (!open) {
                close();
            }
            lastUsed = System.nanoTime();
            return code;
        }

        private void skip(long n) throws IOException {
            while (n > 0) {
                long k = in.skip(n);
                if (k <= 0) {
                    if (in.read() < 0) {
                        throw new IOException("connection closed in a body");
                    }
                    k = 1;
                }
                n -= k;
            }
        }

        private String line() throws IOException {
            StringBuilder b = new StringBuilder(64);
            for (int c = in.read(); c >= 0; c = in.read()) {
                if (c == '\n') {
                    int end = b.length();
                    return end > 0 && b.charAt(end - 1) == '\r' ? b.substring(0, end - 1) : b.toString();
                }
                b.append((char) c);
            }
            return b.length() == 0 ? null : b.toString();
        }
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

    /** Every request as a line (target, phase, ms from the start when it was due, latency µs, status): to see when the slow ones were. */
    static void writeSamples(List<Sample> samples, long start, Path file) throws IOException {
        // the wall-clock time of the start, to set the slow requests beside GC logs and the like
        long startMillis = System.currentTimeMillis() - (System.nanoTime() - start) / 1_000_000;
        StringBuilder b = new StringBuilder("# start " + startMillis + "\n");
        synchronized (samples) {
            for (Sample s : samples) {
                b.append(s.target()).append(' ').append(s.phase()).append(' ').append((s.due() - start) / 1_000_000)
                        .append(' ').append(s.micros()).append(' ').append(s.status()).append('\n');
            }
        }
        Files.writeString(file, b);
    }

    static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1000.0;
    }
}

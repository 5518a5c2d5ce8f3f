package dev.bmo.storage.testing;

import dev.bmo.storage.ObjectStore;
import dev.bmo.storage.StorageSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real S3 server for tests: S3Proxy (filesystem backend in a temporary folder) started as its own
 * process on a free port, so its fat jar never meets the test's classpath. {@link #start()} waits
 * until it answers and creates the bucket; {@link #close()} stops the process and deletes the data.
 *
 * <p>The S3Proxy jar is looked up in this order: system property {@code bmo.s3proxy.jar}, env var
 * {@code BMO_S3PROXY_JAR}, {@code services/storage/target/s3proxy/s3proxy.jar} above the working
 * directory (the storage module's build copies it there), then the local Maven repository.
 */
public final class LocalS3Server implements AutoCloseable {

    public static final String IDENTITY = "test-identity";
    public static final String CREDENTIAL = "test-credential";

    private final String bucket;
    private Path dataDir;
    private Process process;
    private int port;
    private ObjectStore store;

    public LocalS3Server() {
        this("bmo-test-" + UUID.randomUUID().toString().substring(0, 8));
    }

    public LocalS3Server(String bucket) {
        this.bucket = bucket;
    }

    public static LocalS3Server start(String bucket) {
        LocalS3Server server = new LocalS3Server(bucket);
        server.start();
        return server;
    }

    public synchronized LocalS3Server start() {
        if (process != null) {
            return this;
        }
        try {
            dataDir = Files.createTempDirectory("bmo-s3proxy-");
            Path blobs = Files.createDirectories(dataDir.resolve("blobs"));
            port = freePort();
            Properties p = new Properties();
            p.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + port);
            p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
            p.setProperty("s3proxy.identity", IDENTITY);
            p.setProperty("s3proxy.credential", CREDENTIAL);
            p.setProperty("jclouds.provider", "filesystem");
            p.setProperty("jclouds.filesystem.basedir", blobs.toString());
            Path props = dataDir.resolve("s3proxy.properties");
            try (var out = Files.newOutputStream(props)) {
                p.store(out, "written by LocalS3Server");
            }
            Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
            List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx384m", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1", "-jar", locateJar().toString(), "--properties", props.toString()));
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(dataDir.resolve("s3proxy.log").toFile())
                    .start();
            awaitListening();
            store = ObjectStore.open(settings());
            store.client().createBucket(b -> b.bucket(bucket));
            return this;
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Proxy exited with " + process.exitValue() + ": " + log());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(100);
            }
        }
        throw new IllegalStateException("S3Proxy did not listen on " + port + " within 60 s: " + log());
    }

    private String log() {
        try {
            return Files.readString(dataDir.resolve("s3proxy.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    public String bucket() {
        return bucket;
    }

    /** Where the filesystem backend keeps the bucket's files (one folder per bucket). */
    public Path dataDir() {
        return dataDir.resolve("blobs");
    }

    public StorageSettings settings() {
        return new StorageSettings(Optional.of(endpoint()), "us-east-1", bucket, IDENTITY, CREDENTIAL, true);
    }

    /** The {@code BMO_S3_*} variables pointing at this server, for child processes or Spring properties. */
    public Map<String, String> environment() {
        return Map.of("BMO_S3_ENDPOINT", endpoint().toString(), "BMO_S3_REGION", "us-east-1",
                "BMO_S3_BUCKET", bucket, "BMO_S3_ACCESS_KEY", IDENTITY, "BMO_S3_SECRET_KEY", CREDENTIAL,
                "BMO_S3_PATH_STYLE", "true");
    }

    /** A store on this server's bucket, owned by the server (closed with it). */
    public ObjectStore store() {
        return store;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    public synchronized void close() {
        if (store != null) {
            store.close();
            store = null;
        }
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            process = null;
        }
        if (dataDir != null) {
            deleteTree(dataDir);
            dataDir = null;
        }
    }

    public static Path locateJar() {
        List<Path> candidates = new ArrayList<>();
        Optional.ofNullable(System.getProperty("bmo.s3proxy.jar")).map(Paths::get).ifPresent(candidates::add);
        Optional.ofNullable(System.getenv("BMO_S3PROXY_JAR")).filter(s -> !s.isBlank()).map(Paths::get)
                .ifPresent(candidates::add);
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            candidates.add(dir.resolve("services/storage/target/s3proxy/s3proxy.jar"));
        }
        String version = s3proxyVersion();
        Path repo = Optional.ofNullable(System.getProperty("maven.repo.local")).map(Paths::get)
                .orElse(Paths.get(System.getProperty("user.home"), ".m2", "repository"));
        candidates.add(repo.resolve("org/gaul/s3proxy/" + version + "/s3proxy-" + version + "-jar-with-dependencies.jar"));
        return candidates.stream().filter(Files::isRegularFile).findFirst().orElseThrow(() -> new IllegalStateException(
                "S3Proxy's standalone jar not found; build services/storage first (it copies the jar) or set "
                        + "BMO_S3PROXY_JAR. Looked at " + candidates));
    }

    private static String s3proxyVersion() {
        try (InputStream in = LocalS3Server.class.getResourceAsStream("s3proxy.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("s3proxy.version", "4.1.0");
        } catch (IOException e) {
            return "4.1.0";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }
}

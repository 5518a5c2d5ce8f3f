package dev.bmo.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A fleet service started from its packaged jar as a real process on a free port, killable like one.
 * Its output goes to a log file next to the test's outputs, named in every failure message.
 */
public final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final Path jar;
    private final String portVariable;
    private final String readyPath;
    private final List<String> jvmOptions;
    private final Map<String, String> env;
    private final Path logDir;
    private final int port;
    private Process process;

    private ServiceProcess(Builder b) {
        this.name = b.name;
        this.jar = b.jar;
        this.portVariable = b.portVariable;
        this.readyPath = b.readyPath;
        this.jvmOptions = List.copyOf(b.jvmOptions);
        this.env = Map.copyOf(b.env);
        this.logDir = b.logDir;
        this.port = freePort();
    }

    /** The short form: port variable, readiness path, JVM options and environment at once. */
    public ServiceProcess(String name, Path jar, String portVariable, String readyPath, List<String> jvmOptions,
                          Map<String, String> env) {
        this(new Builder(name, jar).portVariable(portVariable).readyPath(readyPath)
                .jvmOptions(jvmOptions.toArray(String[]::new)).env(env));
    }

    public static Builder of(String name, Path jar) {
        return new Builder(name, jar);
    }

    public static final class Builder {
        private final String name;
        private final Path jar;
        private String portVariable = "SERVER_PORT";
        private String readyPath = "/actuator/health";
        private final List<String> jvmOptions = new ArrayList<>(List.of("-Xmx256m", "-XX:+UseSerialGC"));
        private final Map<String, String> env = new LinkedHashMap<>();
        private Path logDir = Path.of("target");

        private Builder(String name, Path jar) {
            this.name = name;
            this.jar = jar;
        }

        public Builder portVariable(String variable) {
            this.portVariable = variable;
            return this;
        }

        public Builder readyPath(String path) {
            this.readyPath = path;
            return this;
        }

        public Builder jvmOptions(String... options) {
            jvmOptions.clear();
            jvmOptions.addAll(List.of(options));
            return this;
        }

        public Builder env(Map<String, String> more) {
            env.putAll(more);
            return this;
        }

        public Builder env(String key, String value) {
            env.put(key, value);
            return this;
        }

        public Builder logDir(Path dir) {
            this.logDir = dir;
            return this;
        }

        public ServiceProcess build() {
            return new ServiceProcess(this);
        }

        public ServiceProcess start() {
            return build().start();
        }
    }

    /** The packaged jar of a fleet module, from the repository root (tests run in their module's folder). */
    public static Path moduleJar(String module, String artifactId) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("not inside the BMO repository: " + Path.of("").toAbsolutePath());
        }
        return dir.resolve(module).resolve("target").resolve(artifactId + ".jar");
    }

    public ServiceProcess start() {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package " + name + " first (./mvnw package -pl <module> -am)");
        }
        // run a private copy: a concurrent build repackaging the jar must not pull classes from under the process
        Path copy;
        try {
            copy = Files.createTempFile("bmo-" + name + "-", ".jar");
            copy.toFile().deleteOnExit();
            Files.copy(jar, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException("could not copy " + jar, e);
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", copy.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        pb.environment().putAll(env);
        pb.environment().put(portVariable, Integer.toString(port));
        try {
            Files.createDirectories(logDir);
            process = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + name, e);
        }
        awaitReady(Duration.ofSeconds(90));
        return this;
    }

    public Path log() {
        return logDir.resolve(name + "-" + port + ".log");
    }

    private void awaitReady(Duration within) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url(readyPath))).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(250);
        }
        close();
        throw new IllegalStateException(name + " not ready within " + within + "; see " + log());
    }

    /** kill -9: no shutdown hooks; unacknowledged messages go back to the broker. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    kill();
                }
            } catch (InterruptedException e) {
                kill();
                Thread.currentThread().interrupt();
            }
        }
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package dev.bmo.converter;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A fleet service started from its packaged jar as a real process on a free port, killable like one. */
final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final Path jar;
    private final Map<String, String> env;
    private final String portVariable;
    private final String readyPath;
    private final List<String> jvmOptions;
    private final int port;
    private Process process;
    private int starts;

    ServiceProcess(String name, Path jar, String portVariable, String readyPath, List<String> jvmOptions,
                   Map<String, String> env) {
        this.name = name;
        this.jar = jar;
        this.portVariable = portVariable;
        this.readyPath = readyPath;
        this.jvmOptions = jvmOptions;
        this.env = env;
        this.port = freePort();
    }

    ServiceProcess start() {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package " + name + " first");
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
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", copy.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(Paths.get("target", name + "-" + port + ".log").toFile()));
        pb.environment().putAll(env);
        pb.environment().put(portVariable, Integer.toString(port));
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + name, e);
        }
        starts++;
        awaitReady(Duration.ofSeconds(90));
        return this;
    }

    private void awaitReady(Duration within) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see target/" + name
                        + "-" + port + ".log");
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
        throw new IllegalStateException(name + " not ready within " + within);
    }

    /** kill -9: no shutdown hooks, unacknowledged messages go back to the broker. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    String url(String path) {
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

    private static int freePort() {
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

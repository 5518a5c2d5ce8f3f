package dev.bmo.packaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;

/** A service started inside a root with chroot, as a given user, stopped (and waited for) on close. */
final class ServiceProcess implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Process process;
    private final Path log;

    private ServiceProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code argv} in {@code root} as {@code userSpec} (user:group, names or ids) in
     * {@code workingDirectory}, with exactly the given environment.
     */
    static ServiceProcess start(Rootfs root, String userSpec, String workingDirectory, Map<String, String> environment,
            List<String> argv) {
        List<String> command = new ArrayList<>(List.of("chroot", "--userspec=" + userSpec, root.dir().toString(),
                "/usr/bin/env", "-i", "--chdir=" + workingDirectory));
        environment.forEach((name, value) -> command.add(name + "=" + value));
        command.addAll(argv);
        try {
            Path log = Files.createTempFile(Workspace.work(), "service", ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new ServiceProcess(process, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    /** Waits until /actuator/health on the port says UP; fails early when the process dies. */
    void awaitHealthy(int port, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(5)).build();
        java.util.concurrent.atomic.AtomicReference<String> lastAnswer = new java.util.concurrent.atomic.AtomicReference<>("none");
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(500)).until(() -> {
                if (!process.isAlive()) {
                    throw new AssertionError("the service exited with " + process.exitValue() + ":\n" + logTail());
                }
                try {
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    lastAnswer.set(response.statusCode() + " " + response.body());
                    JsonNode body = JSON.readTree(response.body());
                    return response.statusCode() == 200 && "UP".equals(body.path("status").asString());
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("not healthy within " + timeout + "; last answer: " + lastAnswer.get()
                    + "\n--- log\n" + logTail(), e);
        }
    }

    String logTail() {
        try {
            String text = Files.readString(log);
            return text.length() <= 5000 ? text : "..." + text.substring(text.length() - 5000);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        try {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(log);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.bmo.packaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a program with an argument list (never a shell string) and collects what it printed. */
final class Command {

    record Result(List<String> command, int exitCode, String stdout, String stderr) {
        Result check() {
            if (exitCode != 0) {
                throw new AssertionError("command failed (exit " + exitCode + "): " + String.join(" ", command)
                        + "\n--- stdout\n" + tail(stdout) + "\n--- stderr\n" + tail(stderr));
            }
            return this;
        }

        String output() {
            return stdout + stderr;
        }

        private static String tail(String text) {
            return text.length() <= 6000 ? text : "..." + text.substring(text.length() - 6000);
        }
    }

    private final List<String> command = new ArrayList<>();
    private Path directory;
    private final Map<String, String> environment = new java.util.HashMap<>();
    private final List<String> unset = new ArrayList<>();
    private Duration timeout = Duration.ofMinutes(2);

    static Command of(String... command) {
        Command c = new Command();
        c.command.addAll(List.of(command));
        return c;
    }

    static Command of(List<String> command) {
        Command c = new Command();
        c.command.addAll(command);
        return c;
    }

    Command in(Path directory) {
        this.directory = directory;
        return this;
    }

    Command env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    Command unsetEnv(String name) {
        unset.add(name);
        return this;
    }

    Command timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    ProcessBuilder builder() {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (directory != null) {
            pb.directory(directory.toFile());
        }
        unset.forEach(pb.environment()::remove);
        pb.environment().putAll(environment);
        return pb;
    }

    Result run() {
        try {
            Path out = Files.createTempFile("bmo-cmd", ".out");
            Path err = Files.createTempFile("bmo-cmd", ".err");
            try {
                Process process = builder().redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor();
                    throw new AssertionError("timed out after " + timeout + ": " + String.join(" ", command)
                            + "\n" + Files.readString(err, StandardCharsets.UTF_8));
                }
                return new Result(List.copyOf(command), process.exitValue(),
                        Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs and fails the test when the program fails. */
    Result check() {
        return run().check();
    }
}

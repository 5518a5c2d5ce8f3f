package dev.bmo.bot.process;

import dev.bmo.bot.logging.LogContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an external command from an argument list (never a shell string), streams its output line
 * by line, and kills the whole process tree on timeout or cancellation.
 */
public final class CommandRunner {

    private static final Logger LOG = LoggerFactory.getLogger(CommandRunner.class);

    private static final int TAIL = 40;

    private CommandRunner() {
    }

    /**
     * What to run. {@code stdout}/{@code stderr} receive each line as it comes; the cancellation (may
     * be null) learns of the process so that cancelling kills it.
     */
    public record Spec(List<String> command, Path dir, Map<String, String> env, Duration timeout,
            Consumer<String> stdout, Consumer<String> stderr, Cancellation cancellation) {
    }

    public static ProcessResult run(Spec spec) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(spec.command()).directory(spec.dir().toFile());
        pb.environment().putAll(spec.env());
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process process = pb.start();
        Cancellation cancel = spec.cancellation() == null ? new Cancellation() : spec.cancellation();
        cancel.started(process);
        Deque<String> tail = new ArrayDeque<>();
        Thread out = pump(process.getInputStream(), line -> {
            remember(tail, line);
            spec.stdout().accept(line);
        });
        Thread err = pump(process.getErrorStream(), line -> {
            remember(tail, line);
            spec.stderr().accept(line);
        });
        boolean timedOut = false;
        try {
            if (!process.waitFor(spec.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                timedOut = true;
                ProcessTree.kill(process.toHandle(), 5000);
            }
            process.waitFor();
            out.join(5000);
            err.join(5000);
        } catch (InterruptedException e) {
            ProcessTree.kill(process.toHandle(), 2000);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + spec.command().get(0), e);
        } finally {
            cancel.ended(process);
        }
        synchronized (tail) {
            return new ProcessResult(process.exitValue(), timedOut, cancel.isCancelled(), new ArrayList<>(tail));
        }
    }

    private static void remember(Deque<String> tail, String line) {
        synchronized (tail) {
            tail.addLast(line);
            if (tail.size() > TAIL) {
                tail.removeFirst();
            }
        }
    }

    /** A thread that reads one stream line by line; it logs with the log context of the thread that ran the command. */
    private static Thread pump(InputStream in, Consumer<String> sink) {
        Thread t = new Thread(LogContext.carried(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    try {
                        sink.accept(line);
                    } catch (RuntimeException | Error e) {
                        // keep draining: a reader that stops would kill the process with SIGPIPE
                        LOG.warn("could not handle a line of output", e);
                    }
                }
            } catch (IOException closed) {
                // the process ended or was killed
            }
        }), "process-output");
        t.setDaemon(true);
        t.start();
        return t;
    }
}

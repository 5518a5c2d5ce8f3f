package dev.bmo.bot.deploy;

import dev.bmo.bot.process.Cancellation;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Where a running deploy waits for a person (the canary analysis could not tell): the deploy's
 * thread waits in {@link #await}, a {@code continue <id>} or {@code rollback <id>} answers through
 * {@link #answer}. Cancelling the deploy ends the wait too.
 */
public final class PauseGate {

    private CompletableFuture<Boolean> waiting;

    /** Whether the deploy waits for an answer now. */
    public synchronized boolean paused() {
        return waiting != null;
    }

    /** Blocks until someone answers (true: continue, false: roll back); empty when nobody did within {@code timeout}. */
    public Optional<Boolean> await(Duration timeout, Cancellation cancellation) throws InterruptedException {
        CompletableFuture<Boolean> f = new CompletableFuture<>();
        synchronized (this) {
            waiting = f;
        }
        long until = System.nanoTime() + timeout.toNanos();
        try {
            while (System.nanoTime() < until) {
                if (cancellation.isCancelled()) {
                    throw new InterruptedException("cancelled: " + cancellation.reason());
                }
                try {
                    return Optional.of(f.get(Math.min(500, Math.max(1, (until - System.nanoTime()) / 1_000_000)),
                            TimeUnit.MILLISECONDS));
                } catch (TimeoutException e) {
                    // look at the cancel switch again
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
            return Optional.empty();
        } finally {
            synchronized (this) {
                waiting = null;
            }
        }
    }

    /** Answers a waiting deploy; false when it does not wait (any more). */
    public synchronized boolean answer(boolean goOn) {
        if (waiting == null) {
            return false;
        }
        boolean taken = waiting.complete(goOn);
        waiting = null;
        return taken;
    }
}

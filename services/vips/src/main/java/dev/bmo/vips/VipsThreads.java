package dev.bmo.vips;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads for calling libvips: platform threads (libvips keeps per-thread buffers, which virtual threads would
 * multiply) that call {@code vips_thread_shutdown} when they end, so those buffers are freed.
 */
public final class VipsThreads {

    private VipsThreads() {
    }

    /** A factory of daemon platform threads named {@code name-N} that shut libvips down for themselves at exit. */
    public static ThreadFactory factory(String name) {
        AtomicInteger counter = new AtomicInteger();
        return task -> {
            Runnable withShutdown = () -> {
                try {
                    task.run();
                } finally {
                    Vips.threadShutdown();
                }
            };
            Thread thread = new Thread(withShutdown, name + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * A fixed pool of {@code threads} libvips threads with a queue of at most {@code queueCapacity} waiting tasks.
     * When the queue is full, {@code execute}/{@code submit} throw
     * {@link java.util.concurrent.RejectedExecutionException} at once: the caller decides (e.g. answer 503).
     */
    public static ThreadPoolExecutor fixedPool(String name, int threads, int queueCapacity) {
        if (threads < 1) {
            throw new IllegalArgumentException("a pool needs at least one thread");
        }
        Vips.start();
        return new ThreadPoolExecutor(threads, threads, 0L, TimeUnit.MILLISECONDS,
                queueCapacity == 0 ? new java.util.concurrent.SynchronousQueue<>()
                        : new ArrayBlockingQueue<>(queueCapacity),
                factory(name), new ThreadPoolExecutor.AbortPolicy());
    }
}

package dev.bmo.bot.logging;

import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.MDC;

/**
 * Carries the log context (SLF4J's MDC: the deploy a thread works on, say) into the threads a piece of work
 * starts, so their lines say what they belong to too. A carried task runs with the context of the thread that
 * made it and leaves its own thread's context as it found it.
 */
public final class LogContext {

    private LogContext() {
    }

    /** {@code task} with the calling thread's context, for another thread to run. */
    public static Runnable carried(Runnable task) {
        Map<String, String> context = MDC.getCopyOfContextMap();
        return () -> {
            Map<String, String> own = MDC.getCopyOfContextMap();
            set(context);
            try {
                task.run();
            } finally {
                set(own);
            }
        };
    }

    /** {@code task} with the calling thread's context, for another thread to run. */
    public static <T> Callable<T> carried(Callable<T> task) {
        Map<String, String> context = MDC.getCopyOfContextMap();
        return () -> {
            Map<String, String> own = MDC.getCopyOfContextMap();
            set(context);
            try {
                return task.call();
            } finally {
                set(own);
            }
        };
    }

    /** Puts {@code key} for as long as the returned scope is open; closing it puts back what was there. */
    public static Scope with(String key, String value) {
        String before = MDC.get(key);
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
        return () -> {
            if (before == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, before);
            }
        };
    }

    /** Replaces the whole context for as long as the returned scope is open; closing it puts back the one before. */
    public static Scope replacedBy(Map<String, String> context) {
        Map<String, String> before = MDC.getCopyOfContextMap();
        set(context);
        return () -> set(before);
    }

    private static void set(Map<String, String> context) {
        if (context == null || context.isEmpty()) {
            MDC.clear();
        } else {
            MDC.setContextMap(context);
        }
    }

    /** An open piece of log context; closing it never throws. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}

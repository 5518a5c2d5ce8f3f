package dev.bmo.bot.process;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** A cancel switch shared by the steps of one job: cancelling kills every process tree it started. */
public final class Cancellation {

    private final Set<Process> running = ConcurrentHashMap.newKeySet();
    private volatile String reason;
    private final List<Consumer<ProcessHandle>> onStart = new CopyOnWriteArrayList<>();

    /** Tells someone of every process started under this switch (BMO notes pids to clean up after a crash). */
    public void onStart(Consumer<ProcessHandle> listener) {
        onStart.add(listener);
    }

    public boolean isCancelled() {
        return reason != null;
    }

    public String reason() {
        return reason;
    }

    public void cancel(String why) {
        reason = why;
        for (Process p : running) {
            ProcessTree.kill(p.toHandle(), 5000);
        }
    }

    void started(Process p) {
        running.add(p);
        onStart.forEach(listener -> listener.accept(p.toHandle()));
        if (isCancelled()) {
            ProcessTree.kill(p.toHandle(), 5000);
        }
    }

    void ended(Process p) {
        running.remove(p);
    }
}

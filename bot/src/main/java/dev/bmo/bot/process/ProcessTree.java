package dev.bmo.bot.process;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Ends a process and everything it started (ansible forks workers, Maven forks JVMs). */
public final class ProcessTree {

    private ProcessTree() {
    }

    /** Asks the whole tree to stop (SIGTERM), then kills what is left after {@code graceMillis}. */
    public static void kill(ProcessHandle root, long graceMillis) {
        List<ProcessHandle> all = new ArrayList<>(root.descendants().toList());
        all.add(root);
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
        for (ProcessHandle p : all) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                try {
                    p.onExit().get(left, TimeUnit.NANOSECONDS);
                } catch (Exception stillAlive) {
                    // killed below
                }
            }
        }
        // children started while we waited are caught here as well
        List<ProcessHandle> rest = new ArrayList<>(root.descendants().toList());
        rest.addAll(all);
        rest.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}

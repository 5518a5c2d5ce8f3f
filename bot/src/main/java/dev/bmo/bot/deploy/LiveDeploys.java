package dev.bmo.bot.deploy;

import dev.bmo.bot.process.Cancellation;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What only this process knows about the deploys that have not ended (the database knows the rest):
 * for each, its listeners here, its cancel switch, its pause gate and the future its end completes;
 * and which of them have their pipeline running in this process.
 */
final class LiveDeploys {

    /** One deploy that has not ended, as this process knows it. */
    static final class Live {
        final List<DeployListener> listeners = new CopyOnWriteArrayList<>();
        final Cancellation cancellation = new Cancellation();
        final PauseGate pause = new PauseGate();
        final CompletableFuture<DeploySummary> done = new CompletableFuture<>();
    }

    private final Map<Long, Live> live = new ConcurrentHashMap<>();
    /** Deploys whose pipeline runs in this process; the others followed here are read from the database. */
    private final Set<Long> runningHere = ConcurrentHashMap.newKeySet();

    /** The deploy's entry, or null when this process does not follow it. */
    Live get(long id) {
        return live.get(id);
    }

    /** The deploy's entry, made when there is none yet. */
    Live open(long id) {
        return live.computeIfAbsent(id, k -> new Live());
    }

    Live remove(long id) {
        return live.remove(id);
    }

    boolean remove(long id, Live entry) {
        return live.remove(id, entry);
    }

    Set<Map.Entry<Long, Live>> entries() {
        return live.entrySet();
    }

    Collection<Live> all() {
        return live.values();
    }

    boolean runsHere(long id) {
        return runningHere.contains(id);
    }

    void running(long id) {
        runningHere.add(id);
    }

    void stopped(long id) {
        runningHere.remove(id);
    }
}

package dev.bmo.bot.deploy;

import dev.bmo.bot.catalog.Catalog;
import dev.bmo.bot.git.ServiceRepos;
import dev.bmo.bot.history.AuditLog;
import dev.bmo.bot.history.DeployHistory;
import dev.bmo.bot.history.DeployRecord;
import dev.bmo.bot.history.DeployStatus;
import dev.bmo.bot.lock.LockStore;
import dev.bmo.bot.process.ProcessTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.function.LongPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes over the deploys whose BMO process is gone (killed, crashed, its host lost): marks them
 * interrupted, kills the processes they left behind on this host, removes their build worktree and
 * frees their locks. Deploys another living BMO runs are left alone; queued deploys and deploys
 * waiting for approval live in the database alone and carry on.
 *
 * <p>It also keeps the note it reads: every process a deploy starts is written to the deploy's
 * {@code pids} file ({@link #notePid}).
 */
final class CrashRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(CrashRecovery.class);

    private final DeployHistory history;
    private final LockStore locks;
    private final AuditLog audit;
    private final Catalog catalog;
    private final ServiceRepos repos;
    private final Path deploysDir;
    private final ProcessOwner me;
    private final Duration heartbeatTimeout;
    private final boolean worker;

    /**
     * @param worker false for a one-shot BMO: it takes over only deploys of this host whose process is
     *               certainly gone (a silent heartbeat is a guess: only the worker BMO acts on it)
     */
    CrashRecovery(DeployHistory history, LockStore locks, AuditLog audit, Catalog catalog, ServiceRepos repos,
            Path deploysDir, ProcessOwner me, Duration heartbeatTimeout, boolean worker) {
        this.history = history;
        this.locks = locks;
        this.audit = audit;
        this.catalog = catalog;
        this.repos = repos;
        this.deploysDir = deploysDir;
        this.me = me;
        this.heartbeatTimeout = heartbeatTimeout;
        this.worker = worker;
    }

    /**
     * @param runsHere the deploys whose pipeline runs in this process (never taken over); a deploy only
     *                 followed here (requested here, run by another BMO) is taken over like any other
     * @return the deploys taken over, as they are now
     */
    List<DeployRecord> takeOverOrphans(LongPredicate runsHere) {
        List<DeployRecord> taken = new ArrayList<>();
        for (DeployHistory.Owned o : history.inProgress()) {
            if (runsHere.test(o.deploy().id()) || !me.considersGone(o.runner(), o.heartbeat(), heartbeatTimeout)) {
                continue;
            }
            if (!worker && !me.sameHost(o.runner())) {
                continue; // a silent heartbeat is a guess: only the worker BMO acts on it
            }
            DeployRecord d = o.deploy();
            String detail = "interrupted: BMO restarted while it " + (d.status() == DeployStatus.RUNNING ? "ran"
                    : "was being requested") + "; the lock is released";
            // the verdict first: whatever the leftovers do when they are killed cannot overwrite it
            if (!history.transition(d.id(), EnumSet.of(d.status()), DeployStatus.INTERRUPTED, detail)) {
                continue;
            }
            Path work = deploysDir.resolve(Long.toString(d.id()));
            if (me.sameHost(o.runner())) {
                int killed = killLeftovers(work);
                if (Files.isDirectory(work.resolve("src"))) {
                    // the build's worktree, in the repository of the service (BMO's own if it left the catalog)
                    repos.of(catalog.service(d.service()).orElse(null)).removeWorktree(work.resolve("src"));
                }
                if (killed > 0) {
                    detail += " (stopped " + killed + " leftover process(es))";
                    history.transition(d.id(), EnumSet.of(DeployStatus.INTERRUPTED), DeployStatus.INTERRUPTED,
                            detail);
                }
            }
            locks.releaseDeploy(d.service(), d.env(), d.id());
            history.appendLog(d.id(), "#" + d.id() + " " + detail);
            audit.record("bmo", "interrupted", d.target(), "#" + d.id() + " (was run by " + o.runner() + ")");
            taken.add(history.find(d.id()).orElseThrow());
        }
        return taken;
    }

    /** Notes a process a deploy started in its {@code pids} file (pid and start time), for {@link #killLeftovers}. */
    static void notePid(Path work, ProcessHandle p) {
        String start = p.info().startInstant().map(i -> Long.toString(i.toEpochMilli())).orElse("0");
        try {
            Files.writeString(work.resolve("pids"), p.pid() + " " + start + "\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.warn("could not note pid {}", p.pid(), e);
        }
    }

    /** Kills the processes a deploy noted that still run (same pid and same start time: not a reused pid). */
    static int killLeftovers(Path work) {
        Path pids = work.resolve("pids");
        if (!Files.isRegularFile(pids)) {
            return 0;
        }
        int killed = 0;
        try {
            for (String line : Files.readAllLines(pids)) {
                String[] parts = line.strip().split(" ");
                if (parts.length != 2) {
                    continue;
                }
                Optional<ProcessHandle> p = ProcessHandle.of(Long.parseLong(parts[0]));
                String start = p.flatMap(h -> h.info().startInstant()).map(i -> Long.toString(i.toEpochMilli()))
                        .orElse("");
                if (p.isPresent() && p.get().isAlive() && start.equals(parts[1])) {
                    ProcessTree.kill(p.get(), 5000);
                    killed++;
                }
            }
        } catch (IOException | NumberFormatException e) {
            LOG.warn("could not read {}", pids, e);
        }
        return killed;
    }
}

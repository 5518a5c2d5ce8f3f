package dev.bmo.bot.deploy;

import dev.bmo.bot.catalog.Catalog;
import dev.bmo.bot.catalog.EnvironmentSpec;
import dev.bmo.bot.catalog.ServiceSpec;
import dev.bmo.bot.command.Caller;
import dev.bmo.bot.git.GitRepo;
import dev.bmo.bot.git.ServiceRepos;
import dev.bmo.bot.history.AuditLog;
import dev.bmo.bot.history.DeployHistory;
import dev.bmo.bot.history.DeployRecord;
import dev.bmo.bot.history.DeployStatus;
import dev.bmo.bot.history.NewDeploy;
import dev.bmo.bot.lock.LockStore;
import dev.bmo.bot.logging.LogContext;
import dev.bmo.bot.permission.Permissions;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Carries deploy requests through their life: permission, idempotency, approval, lock (or queue),
 * the pipeline, and the record, whatever the end. Reports every step as a {@link DeployEvent} to the
 * requester's listener and to every subscriber, and stores each event's line as the deploy's log.
 *
 * <p>It is the deploy state machine (request, approve, begin, finish, reject, cancel) and composes
 * the rest: {@link DeployPermissions} and {@link DeployTargets} (with the inventory's
 * {@link dev.bmo.bot.catalog.HostTargets}) before anything is recorded, {@link RollbackPlanner},
 * {@link PipelineRun} on a {@code deploy} thread per deploy, {@link DeployEvents} (the bus, over
 * {@link LiveDeploys}), {@link PauseAnswers} for the canary's pauses, {@link CrashRecovery} and the
 * {@link QueueTicker}. Building it does no I/O and starts no thread: {@link #start()} does.
 */
public class DeployService implements AutoCloseable {

    private final Catalog catalog;
    private final DeployTargets targets;
    private final DeployPermissions rules;
    private final RollbackPlanner rollbacks;
    private final CrashRecovery recovery;
    private final DeployHistory history;
    private final LockStore locks;
    private final AuditLog audit;
    private final Path repo;
    private final ServiceRepos repos;
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "deploy");
        t.setDaemon(true);
        return t;
    });
    private final QueueTicker queue;
    private final PipelineRun pipelineRun;
    private final PauseAnswers pauses;
    private final LiveDeploys live = new LiveDeploys();
    private final DeployEvents events;
    /** What {@link #start()} took over; read by the adapters once they are up. */
    private volatile List<DeployRecord> interrupted = List.of();
    private final ProcessOwner me = ProcessOwner.current();
    private volatile boolean started;
    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(60);

    public DeployService(Catalog catalog, DeployHistory history, LockStore locks, AuditLog audit,
            DeployPipeline pipeline, Path repo, Path deploysDir, Duration queuePoll, Duration approvalTimeout) {
        this(catalog, history, locks, audit, pipeline, repo, deploysDir, queuePoll, approvalTimeout,
                Duration.ofSeconds(60));
    }

    /**
     * @param heartbeatTimeout a deploy run by a BMO on another host is taken over when that BMO has not
     *                         shown life for this long
     */
    public DeployService(Catalog catalog, DeployHistory history, LockStore locks, AuditLog audit,
            DeployPipeline pipeline, Path repo, Path deploysDir, Duration queuePoll, Duration approvalTimeout,
            Duration heartbeatTimeout) {
        this(catalog, history, locks, audit, pipeline, repo, deploysDir, queuePoll, approvalTimeout, heartbeatTimeout,
                true);
    }

    /**
     * @param worker true for a long-running BMO (Slack, the interactive shell): it runs the queue for
     *               everyone, expires approvals and takes over deploys whose BMO went silent; false for
     *               a one-shot {@code ./bmo -c}, which starts only what it was asked for and takes over
     *               only deploys of this host whose process is certainly gone (its pid no longer runs)
     */
    public DeployService(Catalog catalog, DeployHistory history, LockStore locks, AuditLog audit,
            DeployPipeline pipeline, Path repo, Path deploysDir, Duration queuePoll, Duration approvalTimeout,
            Duration heartbeatTimeout, boolean worker) {
        this.catalog = catalog;
        this.targets = new DeployTargets(catalog, repo);
        this.rules = new DeployPermissions(catalog, audit);
        this.rollbacks = new RollbackPlanner(history);
        this.events = new DeployEvents(history, live);
        this.history = history;
        this.locks = locks;
        this.audit = audit;
        this.repo = repo;
        this.repos = new ServiceRepos(new GitRepo(repo), deploysDir.resolveSibling("repos"));
        this.recovery = new CrashRecovery(history, locks, audit, catalog, repos, deploysDir, me, heartbeatTimeout,
                worker);
        this.pauses = new PauseAnswers(history, targets, rules, live, audit, events);
        this.pipelineRun = new PipelineRun(pipeline, history, targets, events, repo, repos, deploysDir, this::finish);
        this.queue = new QueueTicker(history, events, recovery, live, targets, me, worker, queuePoll, heartbeatTimeout,
                approvalTimeout, new QueueTicker.Moves() {
                    @Override
                    public void begin(DeployRecord d, List<String> hosts) {
                        DeployService.this.begin(d, hosts);
                    }

                    @Override
                    public void finish(long id, Set<DeployStatus> from, DeployStatus end, String detail) {
                        DeployService.this.finish(id, from, end, detail, Map.of());
                    }
                });
    }

    /**
     * Takes over the deploys a gone BMO left unfinished (before any deploy of this one can start), then
     * starts the queue ticker and the heartbeat. Called once, before the first request (the Spring
     * configuration's init method); again, it does nothing.
     */
    public synchronized void start() {
        if (started) {
            return;
        }
        interrupted = List.copyOf(recovery.takeOverOrphans(live::runsHere));
        queue.start();
        started = true;
    }

    /** A deploy starts only after the crash recovery of {@link #start()}: it could meet a leftover otherwise. */
    private void requireStarted() {
        if (!started) {
            throw new IllegalStateException("DeployService.start() was not called: deploys wait for crash recovery");
        }
    }

    /** Every deploy's events, for adapters that report deploys they did not start (Slack). */
    public void subscribe(DeployListener listener) {
        events.subscribe(listener);
    }

    public void unsubscribe(DeployListener listener) {
        events.unsubscribe(listener);
    }

    /** Deploys found unfinished at start-up (BMO stopped while they ran): marked interrupted, locks freed. */
    public List<DeployRecord> interruptedAtStartup() {
        return interrupted;
    }

    public Optional<DeployRecord> find(long id) {
        return history.find(id);
    }

    /** Completes when the deploy ends; already complete for deploys that ended before. */
    public CompletableFuture<DeploySummary> completion(long id) {
        LiveDeploys.Live l = live.get(id);
        if (l != null) {
            return l.done;
        }
        Optional<DeployRecord> d = history.find(id);
        if (d.isEmpty()) {
            return CompletableFuture.failedFuture(new DeployRefused("There is no deploy #" + id + "."));
        }
        if (d.get().status().isFinal()) {
            return CompletableFuture.completedFuture(DeploySummary.of(d.get(), Map.of(), history.hosts(id)));
        }
        // still going: share the entry its requester registers (perhaps a moment from now)
        LiveDeploys.Live shared = live.open(id);
        history.find(id).filter(again -> again.status().isFinal()).ifPresent(ended -> {
            live.remove(id, shared);
            shared.done.complete(DeploySummary.of(ended, Map.of(), history.hosts(id)));
        });
        return shared.done;
    }

    /** Attach a listener to one deploy that is still going (an adapter showing an approved deploy, say). */
    public void follow(long id, DeployListener listener) {
        events.follow(id, listener);
    }

    public DeployHandle request(DeployRequest r) {
        requireStarted();
        ServiceSpec service = targets.service(r.service());
        EnvironmentSpec env = targets.environment(r.env() == null ? service.defaultEnv() : r.env());
        rules.checkDeployer(r.caller(), env, "deploy " + service.name());
        List<String> hosts = targets.hosts(service, env, r.hosts());
        String ref = r.ref() == null ? env.defaultBranch() : r.ref();
        // the commit is fixed now, from what was pushed: what is shown, approved and built is this one,
        // wherever the ref moves
        GitRepo git;
        long t0 = System.nanoTime();
        try {
            git = repos.of(service);
            git.fetch(FETCH_TIMEOUT);
        } catch (IllegalStateException | UncheckedIOException e) {
            throw new DeployRefused("Refused: " + e.getMessage() + ". BMO deploys only what it has fetched.");
        }
        String commit = git.resolve(ref).orElseThrow(() -> new DeployRefused("'" + ref
                + "' is not a branch, tag or commit of " + git.origin().orElse(repo.toString()) + "."));
        return submit(r, new NewDeploy(r.requestKey(), "deploy", service.name(), env.name(),
                String.join(",", r.hosts()), ref, r.caller().user(), r.force(), r.queue(), r.origin(), null, commit),
                hosts, Duration.ofNanos(System.nanoTime() - t0));
    }

    /**
     * Redeploys the previous successful version. After a successful deploy that is the newest
     * successful deploy of another commit; after a deploy that failed or stopped half-way (some hosts
     * may run its version) it is the last successful deploy.
     */
    public DeployHandle rollback(Caller caller, String serviceName, String envName, String requestKey, String origin,
            DeployListener listener) {
        requireStarted();
        ServiceSpec service = targets.service(serviceName);
        EnvironmentSpec env = targets.environment(envName == null ? service.defaultEnv() : envName);
        rules.checkDeployer(caller, env, "roll back " + service.name());
        DeployRecord target = rollbacks.target(service, env);
        List<String> hosts = targets.hosts(service, env, List.of());
        DeployRequest r = new DeployRequest(caller, service.name(), target.commit(), env.name(), List.of(), false,
                false, requestKey, origin, listener);
        return submit(r, new NewDeploy(requestKey, "rollback", service.name(), env.name(), "", target.commit(),
                caller.user(), false, false, origin, target.id(), target.commit()), hosts, null);
    }

    /** @param pinned how long fetching and resolving the commit took (null: a rollback, nothing fetched) */
    private DeployHandle submit(DeployRequest r, NewDeploy wanted, List<String> hosts, Duration pinned) {
        DeployHistory.Recorded recorded = history.record(wanted, me.toString());
        DeployRecord d = recorded.deploy();
        if (recorded.duplicate()) {
            CompletableFuture<DeploySummary> done = completion(d.id());
            follow(d.id(), r.listener());
            return new DeployHandle(d.id(), d.status(), true, "Already received: this is deploy #" + d.id() + " ("
                    + d.target() + ", " + d.status().word() + ").", done);
        }
        queue.requestedHere(d.id());
        LiveDeploys.Live l = live.open(d.id());
        l.listeners.add(r.listener());
        audit.record(d.requestedBy(), d.kind(), d.target(), "#" + d.id() + " at " + d.ref()
                + (d.forced() ? " (forced)" : "") + (d.queued() ? " (queue)" : ""));
        EnvironmentSpec env = targets.environment(d.env());
        events.emit(d.id(), new DeployEvent.Accepted(d.id(), Instant.now(), d.kind(), d.service(), d.env(),
                d.hostsLimit(), d.ref(), d.requestedBy(), env.approval()));
        String what = "";
        RequestedChange change = null;
        if (d.commit() != null) {
            change = change(d);
            what = " " + change.summary(d.env());
            events.emit(d.id(), new DeployEvent.Identified(d.id(), Instant.now(), d.commit(), null));
            events.emit(d.id(), new DeployEvent.LogLine(d.id(), Instant.now(), "the commit:" + what
                    + (pinned == null ? "" : " (fetched and pinned in " + DeployEventText.human(pinned) + ")")));
            for (String line : change.details()) {
                events.emit(d.id(), new DeployEvent.LogLine(d.id(), Instant.now(), line));
            }
        }
        if (env.approval()) {
            history.transition(d.id(), EnumSet.of(DeployStatus.REQUESTED), DeployStatus.AWAITING_APPROVAL, null);
            events.emit(d.id(), new DeployEvent.AwaitingApproval(d.id(), Instant.now(), env.approvers(), change));
            return new DeployHandle(d.id(), DeployStatus.AWAITING_APPROVAL, false, "Deploy #" + d.id() + " ("
                    + d.target() + ")" + what + " waits for a second person to approve: approve " + d.id()
                    + " (approvers: " + String.join(", ", env.approvers()) + "). Approving approves exactly this commit."
                    + (change == null || change.details().isEmpty() ? "" : "\n" + String.join("\n", change.details())),
                    l.done);
        }
        return begin(d, hosts, what);
    }

    /** The requested commit and what it changes against the environment's last successful deploy. */
    private RequestedChange change(DeployRecord d) {
        String running = history.succeeded(d.service(), d.env(), 1).stream().map(DeployRecord::commit)
                .filter(Objects::nonNull).findFirst().orElse(null);
        return RequestedChange.of(repos.of(targets.service(d.service())), d.commit(), running);
    }

    /** Takes the lock and starts the pipeline; or queues, or refuses, when someone else holds the lock. */
    private DeployHandle begin(DeployRecord d, List<String> hosts) {
        return begin(d, hosts, "");
    }

    /** @param what the commit in words, for the reply ("" when the requester was told already) */
    private DeployHandle begin(DeployRecord d, List<String> hosts, String what) {
        LiveDeploys.Live l = live.open(d.id());
        LockStore.Attempt attempt = locks.acquireForDeploy(d.service(), d.env(), d.requestedBy(), d.id());
        if (!attempt.acquired()) {
            String held = attempt.heldBy().describe();
            if (d.queued()) {
                if (history.transition(d.id(), EnumSet.of(DeployStatus.REQUESTED, DeployStatus.AWAITING_APPROVAL),
                        DeployStatus.QUEUED, "behind: " + held)) {
                    events.emit(d.id(), new DeployEvent.Queued(d.id(), Instant.now(), held));
                }
                return new DeployHandle(d.id(), DeployStatus.QUEUED, false, "Deploy #" + d.id() + " is queued: "
                        + held + ". It starts when the lock is released.", l.done);
            }
            finish(d.id(), EnumSet.of(DeployStatus.REQUESTED, DeployStatus.AWAITING_APPROVAL), DeployStatus.REFUSED,
                    "refused: " + held, Map.of());
            return new DeployHandle(d.id(), DeployStatus.REFUSED, false, "Deploy #" + d.id() + " refused: " + held
                    + ". Add 'queue' to wait for it.", l.done);
        }
        if (!history.transition(d.id(), EnumSet.of(DeployStatus.REQUESTED, DeployStatus.AWAITING_APPROVAL,
                DeployStatus.QUEUED), DeployStatus.RUNNING, null)) {
            locks.releaseDeploy(d.service(), d.env(), d.id()); // cancelled meanwhile
            return new DeployHandle(d.id(), history.find(d.id()).map(DeployRecord::status).orElse(d.status()), false,
                    "Deploy #" + d.id() + " is no longer waiting.", l.done);
        }
        history.own(d.id(), me.toString()); // whichever BMO starts it runs it (a queued one, say)
        events.emit(d.id(), new DeployEvent.Started(d.id(), Instant.now()));
        DeployRecord running = history.find(d.id()).orElseThrow();
        live.running(d.id());
        workers.submit(() -> {
            // every line logged while the pipeline runs says which deploy it is about; cleared for the next one
            try (LogContext.Scope context = DeployLogContext.of(running)) {
                pipelineRun.run(running, hosts, l);
            } finally {
                live.stopped(d.id());
            }
        });
        return new DeployHandle(d.id(), DeployStatus.RUNNING, false, "Deploy #" + d.id() + " of " + d.target()
                + " at " + d.ref() + " started." + (what.isEmpty() ? "" : " The commit:" + what), l.done);
    }

    /** Records the end, frees the lock, tells everyone, completes the future, and lets the queue move. */
    private void finish(long id, Set<DeployStatus> from, DeployStatus end, String detail, Map<String, Duration> took) {
        DeployRecord before = history.find(id).orElseThrow();
        boolean moved = history.transition(id, from, end, detail);
        locks.releaseDeploy(before.service(), before.env(), id);
        DeployRecord d = history.find(id).orElseThrow();
        if (!moved) {
            return;
        }
        DeploySummary summary = DeploySummary.of(d, took, history.hosts(id));
        audit.record(d.requestedBy(), "finished", d.target(), "#" + id + " " + end.word()
                + (detail == null || detail.isEmpty() ? "" : ": " + detail));
        events.emit(id, new DeployEvent.Finished(id, Instant.now(), summary));
        LiveDeploys.Live l = live.remove(id);
        if (l != null) {
            l.done.complete(summary);
        }
        queue.nudge();
    }

    public DeployHandle approve(Caller caller, long id) {
        requireStarted();
        DeployRecord d = waitingForApproval(id);
        EnvironmentSpec env = targets.environment(d.env());
        rules.checkApprover(caller, env, d);
        if (!history.approve(id, caller.user())) {
            throw new DeployRefused("Deploy #" + id + " was decided by someone else a moment ago.");
        }
        audit.record(caller.user(), "approve", d.target(), "#" + id + " requested by " + d.requestedBy());
        events.emit(id, new DeployEvent.Approved(id, Instant.now(), caller.user()));
        return begin(history.find(id).orElseThrow(), targets.hosts(d));
    }

    public DeployHandle reject(Caller caller, long id, String reason) {
        DeployRecord d = waitingForApproval(id);
        rules.checkRejecter(caller, targets.environment(d.env()), d);
        audit.record(caller.user(), "reject", d.target(), "#" + id + (reason == null ? "" : ": " + reason));
        events.emit(id, new DeployEvent.Rejected(id, Instant.now(), caller.user(), reason));
        finish(id, EnumSet.of(DeployStatus.AWAITING_APPROVAL), DeployStatus.REJECTED, "rejected by " + caller.user()
                + (reason == null ? "" : ": " + reason), Map.of());
        return new DeployHandle(id, DeployStatus.REJECTED, false, "Deploy #" + id + " rejected.", completion(id));
    }

    /** Stops a deploy: a waiting one ends at once; a running one has its processes killed. */
    public String cancel(Caller caller, long id) {
        DeployRecord d = history.find(id).orElseThrow(() -> new DeployRefused("There is no deploy #" + id + "."));
        if (d.status().isFinal()) {
            throw new DeployRefused("Deploy #" + id + " already ended: " + d.status().word() + ".");
        }
        if (!caller.user().equals(d.requestedBy())) {
            rules.checkDeployer(caller, targets.environment(d.env()), "cancel #" + id);
        }
        audit.record(caller.user(), "cancel", d.target(), "#" + id);
        if (d.status() == DeployStatus.RUNNING) {
            LiveDeploys.Live l = live.get(id);
            if (l == null) {
                throw new DeployRefused("Deploy #" + id + " is not running in this BMO.");
            }
            workers.submit(() -> l.cancellation.cancel("by " + caller.user()));
            return "Cancelling deploy #" + id + ": its processes are being stopped.";
        }
        finish(id, EnumSet.of(DeployStatus.REQUESTED, DeployStatus.QUEUED, DeployStatus.AWAITING_APPROVAL),
                DeployStatus.CANCELLED, "cancelled by " + caller.user(), Map.of());
        return "Deploy #" + id + " cancelled.";
    }

    /**
     * Answers a rollout the canary analysis paused: {@code rollBack} false lets it go on, true rolls the
     * batch back. Whoever may deploy there may answer.
     */
    public String decide(Caller caller, long id, boolean rollBack) {
        return pauses.answer(caller, id, rollBack);
    }

    private DeployRecord waitingForApproval(long id) {
        DeployRecord d = history.find(id).orElseThrow(() -> new DeployRefused("There is no deploy #" + id + "."));
        if (d.status() != DeployStatus.AWAITING_APPROVAL) {
            throw new DeployRefused("Deploy #" + id + " is not waiting for approval (it is " + d.status().word()
                    + ").");
        }
        return d;
    }

    public Catalog catalog() {
        return catalog;
    }

    public Permissions permissions() {
        return rules.permissions();
    }

    @Override
    public void close() {
        queue.close();
        live.all().forEach(l -> l.cancellation.cancel("BMO is shutting down"));
        workers.shutdown();
        try {
            workers.awaitTermination(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

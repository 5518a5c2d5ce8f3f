package dev.bmo.bot.deploy.stage;

import dev.bmo.bot.ansible.AnsibleEvent;
import dev.bmo.bot.ansible.AnsibleResult;
import dev.bmo.bot.ansible.AnsibleRun;
import dev.bmo.bot.ansible.AnsibleRunner;
import dev.bmo.bot.ansible.SshSettings;
import dev.bmo.bot.deploy.DeployContext;
import dev.bmo.bot.deploy.DeployEvent;
import dev.bmo.bot.deploy.DeployLogContext;
import dev.bmo.bot.deploy.StageFailure;
import dev.bmo.bot.logging.LogContext;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code ansible-playbook} run of a deploy (the whole rollout, one batch, or a batch's rollback):
 * every task start and host result passed on as it comes, the host results kept, the outcome decided.
 */
final class PlaybookRun {

    private static final Logger LOG = LoggerFactory.getLogger(PlaybookRun.class);

    private final AnsibleRunner ansible;
    private final Duration timeout;
    private final DeployContext ctx;
    private final Map<String, Object> vars;
    private final Map<String, String> environment;
    private final SshSettings ssh;

    PlaybookRun(AnsibleRunner ansible, Duration timeout, DeployContext ctx, Map<String, Object> vars,
            Map<String, String> environment, SshSettings ssh) {
        this.ansible = ansible;
        this.timeout = timeout;
        this.ctx = ctx;
        this.vars = vars;
        this.environment = environment;
        this.ssh = ssh;
    }

    /** Runs {@code book} on {@code limit}, its files kept in the deploy's {@code workName} directory. */
    void run(Path book, List<String> limit, String workName) throws StageFailure {
        TaskAnnouncer tasks = new TaskAnnouncer(ctx);
        AnsibleResult result;
        long t0 = System.nanoTime();
        try {
            result = ansible.run(new AnsibleRun(book, ctx.repo().resolve(ctx.env().inventory()), limit, vars,
                    ctx.workDir().resolve(workName), timeout, ctx.cancellation(), environment),
                    event -> relay(ctx, tasks, event, ssh));
        } finally {
            tasks.close();
            ctx.external(Duration.ofNanos(System.nanoTime() - t0));
        }
        result.stats().forEach((host, stats) -> {
            if (ctx.hostResults().containsKey(host)) {
                ctx.hostResults().put(host, stats.unreachable() > 0 ? "unreachable" : stats.failed() ? "failed" : "ok");
            }
        });
        ctx.checkCancelled();
        if (!result.successful()) {
            throw new StageFailure("ansible " + result.status() + ": " + result.problem());
        }
    }

    private static void relay(DeployContext ctx, TaskAnnouncer tasks, AnsibleEvent event, SshSettings ssh) {
        Instant now = Instant.now();
        if (event instanceof AnsibleEvent.TaskStarted t) {
            tasks.started(t.task());
        } else if (event instanceof AnsibleEvent.HostOutcome h && h.outcome() != AnsibleEvent.Outcome.SKIPPED) {
            tasks.ran(h.task());
            // a failure's reason, or what a debug task tells people (the parser keeps no other message)
            String problem = h.outcome() == AnsibleEvent.Outcome.UNREACHABLE
                    ? ssh.explainUnreachable(h.host(), h.message()) : h.message();
            ctx.emit(new DeployEvent.HostResult(ctx.id(), now, h.host(), h.task(), h.outcome().word(), problem));
        } else if (event instanceof AnsibleEvent.PlayStarted p) {
            tasks.ran(null);
            ctx.log("play: " + p.play());
        } else if (event instanceof AnsibleEvent.Stats s) {
            tasks.ran(null);
            s.hosts().forEach((host, st) -> {
                String recap = "recap " + host + ": ok=" + st.ok() + " changed=" + st.changed() + " failed="
                        + st.failures() + " unreachable=" + st.unreachable() + " rescued=" + st.rescued();
                ctx.log(recap);
                if (!LOG.isInfoEnabled()) {
                    return; // as DeployEventLog: where the log takes no progress (the shell), the recap is printed
                }
                try (LogContext.Scope about = DeployLogContext.host(host)) {
                    if (st.failed()) {
                        LOG.warn("#{} ansible {}", ctx.id(), recap);
                    } else {
                        LOG.info("#{} ansible {}", ctx.id(), recap);
                    }
                }
            });
        }
    }

    /**
     * Announces a task once a host really runs it, so tasks every host skips (the apt variants on
     * simulated hosts, say) make no noise; a task still running after a second is announced anyway,
     * so people see what a slow step is doing while it does it.
     */
    private static final class TaskAnnouncer implements AutoCloseable {
        private final DeployContext ctx;
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "task-announcer");
            t.setDaemon(true);
            return t;
        });
        private String pending;
        private ScheduledFuture<?> due;

        TaskAnnouncer(DeployContext ctx) {
            this.ctx = ctx;
        }

        synchronized void started(String task) {
            if (due != null) {
                due.cancel(false);
            }
            pending = task;
            due = timer.schedule(LogContext.carried(() -> ran(task)), 1, TimeUnit.SECONDS);
        }

        /** A host produced a result for {@code task} (null: the task is over, drop it unannounced). */
        synchronized void ran(String task) {
            if (pending != null && task != null && pending.equals(task)) {
                ctx.emit(new DeployEvent.TaskStarted(ctx.id(), Instant.now(), task));
            }
            pending = null;
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }
}

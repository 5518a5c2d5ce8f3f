package dev.bmo.bot.deploy.stage;

import dev.bmo.bot.ansible.AnsibleEvent;
import dev.bmo.bot.ansible.AnsibleResult;
import dev.bmo.bot.ansible.AnsibleRun;
import dev.bmo.bot.ansible.AnsibleRunner;
import dev.bmo.bot.ansible.SshSettings;
import dev.bmo.bot.canary.BatchAnalysis;
import dev.bmo.bot.canary.Judgement;
import dev.bmo.bot.canary.TrafficSource;
import dev.bmo.bot.canary.TrafficSources;
import dev.bmo.bot.catalog.AnalysisSpec;
import dev.bmo.bot.deploy.DeployContext;
import dev.bmo.bot.deploy.DeployEventText;
import dev.bmo.bot.fleet.ActuatorClient;
import dev.bmo.bot.fleet.ServiceHost;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import dev.bmo.bot.deploy.DeployEvent;
import dev.bmo.bot.deploy.Stage;
import dev.bmo.bot.deploy.StageFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Rolls the package out with {@code playbooks/deploy.yml}: host by host (the environment's
 * {@code serial}), stopping at {@code max_fail_percentage}. Every task start and host result is
 * passed on as it comes. Where the environment's canary analysis is on, BMO runs the batches one
 * Ansible run each and judges every batch by its live traffic before the next one
 * ({@link BatchAnalysis}); a batch judged bad is put back with {@code playbooks/rollback.yml} and the
 * rollout stops there.
 */
public class RolloutStage implements Stage {

    private final AnsibleRunner ansible;
    private final Path playbook;
    private final Path hostsRoot;
    private final Duration timeout;
    private final String actuatorToken;
    private final TrafficSources traffic;
    private final Clock clock;

    /**
     * @param hostsRoot     where the simulated hosts of {@code install: local} environments keep their files
     * @param actuatorToken the fleet's {@code BMO_ACTUATOR_TOKEN} (empty: none): the playbook configures the hosts
     *                      with it and sends it when it verifies them, and the canary analysis reads their
     *                      counters with it
     */
    public RolloutStage(AnsibleRunner ansible, Path playbook, Path hostsRoot, Duration timeout, String actuatorToken) {
        this(ansible, playbook, hostsRoot, timeout, actuatorToken, null, Clock.systemUTC());
    }

    /** @param traffic where the canary analysis reads the hosts' traffic (null: their Actuator, with the token) */
    public RolloutStage(AnsibleRunner ansible, Path playbook, Path hostsRoot, Duration timeout, String actuatorToken,
            TrafficSources traffic, Clock clock) {
        this.ansible = ansible;
        this.playbook = playbook;
        this.hostsRoot = hostsRoot;
        this.timeout = timeout;
        this.actuatorToken = actuatorToken == null ? "" : actuatorToken;
        this.clock = clock;
        this.traffic = traffic != null ? traffic : TrafficSources.actuator(
                new ActuatorClient(Duration.ofSeconds(2), Optional.of(this.actuatorToken)), clock);
    }

    public RolloutStage(AnsibleRunner ansible, Path playbook, Path hostsRoot, Duration timeout) {
        this(ansible, playbook, hostsRoot, timeout, "");
    }

    @Override
    public String name() {
        return "deploy";
    }

    @Override
    public StageResult run(DeployContext ctx) throws Exception {
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("bmo_deploy_id", ctx.id());
        vars.put("bmo_repo", ctx.repo().toAbsolutePath().toString());
        vars.put("bmo_service", ctx.service().name());
        vars.put("bmo_package", ctx.service().packageName());
        vars.put("bmo_version", ctx.version());
        vars.put("bmo_commit", ctx.commit());
        vars.put("bmo_app_version", ctx.appVersion() == null ? "" : ctx.appVersion());
        vars.put("bmo_install_method", ctx.env().install());
        vars.put("bmo_env", ctx.env().name());
        vars.put("bmo_jar", ctx.service().jar());
        vars.put("bmo_port_env", ctx.service().portEnv());
        vars.put("bmo_default_port", ctx.service().port());
        vars.put("bmo_health_path", ctx.service().healthPath());
        vars.put("bmo_info_path", ctx.service().infoPath());
        vars.put("bmo_serial", ctx.env().serial());
        vars.put("bmo_max_fail_percentage", ctx.env().maxFailPercentage());
        if (ctx.env().isLocal()) {
            vars.put("bmo_deb", published(ctx).toAbsolutePath().toString());
            vars.put("bmo_hosts_root", hostsRoot.toAbsolutePath().toString());
        } else {
            // real hosts install from the repository's URL (the publish stage's repo= is a directory on
            // this machine) and trust only the key that signed it, copied from here
            if (ctx.env().aptRepo().isBlank()) {
                throw new StageFailure("the environment " + ctx.env().name()
                        + " installs with apt but the catalog gives it no apt_repo (the URL its hosts reach)");
            }
            vars.put("bmo_apt_repo", ctx.env().aptRepo());
            if (ctx.aptKey() != null) {
                vars.put("bmo_apt_key", ctx.aptKey());
            }
        }
        SshSettings ssh = SshSettings.of(ctx.env(), ctx.repo());
        Map<String, String> environment = new LinkedHashMap<>(ssh.ansibleEnvironment());
        environment.put("BMO_ACTUATOR_TOKEN", actuatorToken);
        AnalysisSpec analysis = ctx.env().analysis();
        if (!analysis.enabled()) {
            // no analysis: one run, Ansible's serial makes the batches
            runPlaybook(ctx, playbook, ctx.hosts(), vars, environment, ssh, "ansible");
            return StageResult.passed(ctx.hosts().size() + " host(s) in batches of " + ctx.env().serial());
        }
        List<List<String>> batches = batches(ctx.hosts(), ctx.env().serial());
        List<String> group = ctx.inventory().hostsOf(ctx.service().name());
        List<ServiceHost> all = new ArrayList<>();
        for (String h : group) {
            all.add(serviceHost(ctx, h));
        }
        Set<String> updated = new LinkedHashSet<>();
        List<String> verdicts = new ArrayList<>();
        try (TrafficSource sampler = traffic.open(ctx.service().name(), ctx.env().name(), all, analysis.interval())) {
            BatchAnalysis judge = new BatchAnalysis(analysis, sampler, clock, reporter(ctx),
                    ctx::askPerson, () -> ctx.cancellation().isCancelled());
            for (int i = 0; i < batches.size(); i++) {
                List<String> batch = batches.get(i);
                List<String> control = group.stream().filter(h -> !updated.contains(h) && !batch.contains(h)).toList();
                String label = "batch " + (i + 1) + "/" + batches.size();
                BatchAnalysis.Batch b = new BatchAnalysis.Batch(label, batch, control, clock.instant());
                if (b.baseline()) {
                    Duration wait = judge.baselineStillNeeded(batch);
                    if (!wait.isZero() && !wait.isNegative()) {
                        ctx.log(label + " has fewer than two hosts on the old version to compare with: observing "
                                + String.join(", ", batch) + " for " + DeployEventText.human(wait)
                                + " before the update, as their own baseline");
                        sleep(ctx, wait);
                        ctx.external(wait);
                    }
                    b = new BatchAnalysis.Batch(label, batch, control, clock.instant());
                }
                ctx.log(label + ": " + String.join(", ", batch));
                runPlaybook(ctx, playbook, batch, vars, environment, ssh, "ansible-" + (i + 1));
                updated.addAll(batch);
                BatchAnalysis.Result r;
                long judged = System.nanoTime();
                try {
                    r = judge.judge(b);
                } catch (InterruptedException e) {
                    ctx.checkCancelled();
                    throw new StageFailure("the analysis of " + label + " was interrupted");
                } finally {
                    ctx.external(Duration.ofNanos(System.nanoTime() - judged)); // waiting for traffic, not BMO's work
                }
                verdicts.add(label + " " + r.last().verdict());
                if (r.outcome() == BatchAnalysis.Outcome.ROLL_BACK) {
                    rollBack(ctx, batch, vars, environment, ssh, label, i + 1);
                    throw new StageFailure("the canary analysis rolled " + label + " (" + String.join(", ", batch)
                            + ") back: " + r.reason() + "; " + (ctx.hosts().size() - updated.size())
                            + " host(s) never updated");
                }
            }
        }
        return StageResult.passed(ctx.hosts().size() + " host(s) in " + batches.size() + " batch(es), judged by traffic: "
                + String.join(", ", verdicts));
    }

    /** Ansible's serial: batches of N hosts, or of N% of them (at least one host). */
    static List<List<String>> batches(List<String> hosts, String serial) {
        int size = serial.endsWith("%")
                ? Math.max(1, hosts.size() * Integer.parseInt(serial.substring(0, serial.length() - 1)) / 100)
                : Integer.parseInt(serial);
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < hosts.size(); i += size) {
            out.add(List.copyOf(hosts.subList(i, Math.min(hosts.size(), i + size))));
        }
        return out;
    }

    private void runPlaybook(DeployContext ctx, Path book, List<String> limit, Map<String, Object> vars,
            Map<String, String> environment, SshSettings ssh, String workName) throws StageFailure {
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

    /** Puts the batch back on what it ran before (playbooks/rollback.yml beside the deploy playbook). */
    private void rollBack(DeployContext ctx, List<String> batch, Map<String, Object> vars,
            Map<String, String> environment, SshSettings ssh, String label, int number) throws StageFailure {
        ctx.log("rolling " + label + " (" + String.join(", ", batch) + ") back to what it ran before");
        try {
            runPlaybook(ctx, playbook.resolveSibling("rollback.yml"), batch, vars, environment, ssh,
                    "rollback-" + number);
        } catch (StageFailure e) {
            throw new StageFailure("the canary analysis wanted " + label + " rolled back, and the rollback failed: "
                    + e.getMessage());
        }
        batch.forEach(h -> ctx.hostResults().put(h, "rolled back"));
    }

    private static BatchAnalysis.Reporter reporter(DeployContext ctx) {
        return new BatchAnalysis.Reporter() {
            @Override
            public void say(String line) {
                ctx.log(line);
            }

            @Override
            public void judged(Judgement j, String next) {
                ctx.emit(new DeployEvent.BatchJudged(ctx.id(), Instant.now(), j.verdict().name(), j.text(), next));
            }

            @Override
            public void paused(String question) {
                ctx.emit(new DeployEvent.Paused(ctx.id(), Instant.now(), question));
            }
        };
    }

    private static ServiceHost serviceHost(DeployContext ctx, String host) {
        String address = ctx.inventory().address(host);
        String shown = address.contains(":") ? "[" + address + "]" : address;
        return new ServiceHost(host, URI.create("http://" + shown + ":" + ctx.inventory().httpPort(host,
                ctx.service().port())));
    }

    private static void sleep(DeployContext ctx, Duration d) throws StageFailure {
        long until = System.nanoTime() + d.toNanos();
        try {
            while (System.nanoTime() < until) {
                ctx.checkCancelled();
                Thread.sleep(Math.min(250, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StageFailure("interrupted");
        }
    }

    /**
     * Simulated hosts install the very file the publish stage put into the environment's
     * repository (its pool), when the repository is a local directory; else the built file.
     */
    private static Path published(DeployContext ctx) throws java.io.IOException {
        if (ctx.aptRepo() != null && !ctx.aptRepo().contains("://") && Files.isDirectory(Path.of(ctx.aptRepo()))) {
            String name = ctx.deb().getFileName().toString();
            try (Stream<Path> pool = Files.walk(Path.of(ctx.aptRepo(), "pool"))) {
                Optional<Path> found = pool.filter(p -> p.getFileName().toString().equals(name)).findFirst();
                if (found.isPresent()) {
                    ctx.log("installing " + name + " from the published repository " + ctx.aptRepo());
                    return found.get();
                }
            }
        }
        return ctx.deb();
    }

    private static void relay(DeployContext ctx, TaskAnnouncer tasks, AnsibleEvent event, SshSettings ssh) {
        Instant now = Instant.now();
        if (event instanceof AnsibleEvent.TaskStarted t) {
            tasks.started(t.task());
        } else if (event instanceof AnsibleEvent.HostOutcome h && h.outcome() != AnsibleEvent.Outcome.SKIPPED) {
            tasks.ran(h.task());
            boolean bad = h.outcome() == AnsibleEvent.Outcome.FAILED || h.outcome() == AnsibleEvent.Outcome.UNREACHABLE;
            String problem = !bad ? "" : h.outcome() == AnsibleEvent.Outcome.UNREACHABLE
                    ? ssh.explainUnreachable(h.host(), h.message()) : h.message();
            ctx.emit(new DeployEvent.HostResult(ctx.id(), now, h.host(), h.task(), h.outcome().word(), problem));
        } else if (event instanceof AnsibleEvent.PlayStarted p) {
            tasks.ran(null);
            ctx.log("play: " + p.play());
        } else if (event instanceof AnsibleEvent.Stats s) {
            tasks.ran(null);
            s.hosts().forEach((host, st) -> ctx.log("recap " + host + ": ok=" + st.ok() + " changed=" + st.changed()
                    + " failed=" + st.failures() + " unreachable=" + st.unreachable() + " rescued=" + st.rescued()));
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
            due = timer.schedule(() -> ran(task), 1, TimeUnit.SECONDS);
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

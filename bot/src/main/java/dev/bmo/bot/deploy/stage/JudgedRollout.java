package dev.bmo.bot.deploy.stage;

import dev.bmo.bot.canary.BatchAnalysis;
import dev.bmo.bot.canary.Judgement;
import dev.bmo.bot.canary.TrafficSource;
import dev.bmo.bot.canary.TrafficSources;
import dev.bmo.bot.catalog.AnalysisSpec;
import dev.bmo.bot.deploy.DeployContext;
import dev.bmo.bot.deploy.DeployEvent;
import dev.bmo.bot.deploy.Stage.StageResult;
import dev.bmo.bot.deploy.StageFailure;
import dev.bmo.bot.fleet.ServiceHost;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A rollout judged by live traffic: BMO runs the batches itself, one Ansible run each, and after each
 * batch lets {@link BatchAnalysis} compare it with the hosts still on the old version (or with its own
 * traffic before the update). A batch judged bad is put back with {@code playbooks/rollback.yml} and the
 * rollout stops there; the hosts not yet updated never are.
 */
final class JudgedRollout {

    private final DeployContext ctx;
    private final PlaybookRun playbooks;
    private final Path playbook;
    private final TrafficSources traffic;
    private final Clock clock;

    JudgedRollout(DeployContext ctx, PlaybookRun playbooks, Path playbook, TrafficSources traffic, Clock clock) {
        this.ctx = ctx;
        this.playbooks = playbooks;
        this.playbook = playbook;
        this.traffic = traffic;
        this.clock = clock;
    }

    StageResult run() throws StageFailure {
        AnalysisSpec analysis = ctx.env().analysis();
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
                    try {
                        ctx.external(judge.observeBaseline(label, batch)); // waiting for traffic, not BMO's work
                    } catch (InterruptedException e) {
                        ctx.checkCancelled();
                        throw new StageFailure("the baseline of " + label + " was interrupted");
                    }
                    b = new BatchAnalysis.Batch(label, batch, control, clock.instant());
                }
                ctx.log(label + ": " + String.join(", ", batch));
                playbooks.run(playbook, batch, "ansible-" + (i + 1));
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
                    rollBack(batch, label, i + 1);
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

    /** Puts the batch back on what it ran before (playbooks/rollback.yml beside the deploy playbook). */
    private void rollBack(List<String> batch, String label, int number) throws StageFailure {
        ctx.log("rolling " + label + " (" + String.join(", ", batch) + ") back to what it ran before");
        try {
            playbooks.run(playbook.resolveSibling("rollback.yml"), batch, "rollback-" + number);
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
}

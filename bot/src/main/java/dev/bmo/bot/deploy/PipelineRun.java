package dev.bmo.bot.deploy;

import dev.bmo.bot.catalog.EnvironmentSpec;
import dev.bmo.bot.catalog.ServiceSpec;
import dev.bmo.bot.git.ServiceRepos;
import dev.bmo.bot.history.DeployHistory;
import dev.bmo.bot.history.DeployRecord;
import dev.bmo.bot.history.DeployStatus;
import dev.bmo.bot.history.HostResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one deploy's pipeline, on the thread the deploy was given: its stages in order, each reported
 * as it starts and ends (with its time), stopping at the first failure or a cancel; the commit and
 * version recorded as soon as a stage learns them; then the stages' clean-ups, the artifacts and (for
 * a deploy that did not succeed) each host's result, and the deploy's end.
 */
final class PipelineRun {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineRun.class);

    /** How the run ends the deploy (the state machine's finish). */
    interface Ending {
        void finish(long id, Set<DeployStatus> from, DeployStatus end, String detail, Map<String, Duration> took);
    }

    private final DeployPipeline pipeline;
    private final DeployHistory history;
    private final DeployTargets targets;
    private final DeployEvents events;
    private final Path repo;
    private final ServiceRepos repos;
    private final Path deploysDir;
    private final Ending ending;

    PipelineRun(DeployPipeline pipeline, DeployHistory history, DeployTargets targets, DeployEvents events, Path repo,
            ServiceRepos repos, Path deploysDir, Ending ending) {
        this.pipeline = pipeline;
        this.history = history;
        this.targets = targets;
        this.events = events;
        this.repo = repo;
        this.repos = repos;
        this.deploysDir = deploysDir;
        this.ending = ending;
    }

    void run(DeployRecord d, List<String> hosts, LiveDeploys.Live l) {
        Map<String, Duration> took = new LinkedHashMap<>();
        Map<String, Duration> own = new LinkedHashMap<>(); // took, less the tools' time
        DeployStatus end = DeployStatus.SUCCEEDED;
        String detail = "";
        DeployContext ctx = null;
        try {
            Path work = Files.createDirectories(deploysDir.resolve(Long.toString(d.id())));
            l.cancellation.onStart(p -> CrashRecovery.notePid(work, p));
            ServiceSpec service = targets.service(d.service());
            EnvironmentSpec env = targets.environment(d.env());
            DeployRecord reuse = d.rollbackOf() == null ? null : history.find(d.rollbackOf()).orElse(null);
            ctx = new DeployContext(d, service, env, targets.inventory(env), hosts, repo,
                    repos.of(service), work,
                    l.cancellation, e -> events.emit(d.id(), e), reuse,
                    commit -> history.packagedBefore(d.id(), service.name(), commit, 5), l.pause);
            history.setArtifacts(d.id(), work.toString(), null);
            String known = "null/null";
            for (Stage stage : pipeline.stages()) {
                if (l.cancellation.isCancelled()) {
                    end = DeployStatus.CANCELLED;
                    detail = "cancelled before " + stage.name() + ": " + l.cancellation.reason();
                    break;
                }
                events.emit(d.id(), new DeployEvent.StageStarted(d.id(), Instant.now(), stage.name()));
                Instant t0 = Instant.now();
                Duration tools0 = ctx.external();
                try {
                    Stage.StageResult result = stage.run(ctx);
                    Duration t = Duration.between(t0, Instant.now());
                    took.put(stage.name(), t);
                    own.put(stage.name(), t.minus(ctx.external().minus(tools0)));
                    events.emit(d.id(), new DeployEvent.StageFinished(d.id(), Instant.now(), stage.name(),
                            result.skipped() ? DeployEvent.StageOutcome.SKIPPED : DeployEvent.StageOutcome.PASSED, t,
                            result.detail()));
                    if (!Objects.equals(known, ctx.commit() + "/" + ctx.version())) {
                        known = ctx.commit() + "/" + ctx.version();
                        history.setCommit(d.id(), ctx.commit());
                        history.setVersion(d.id(), ctx.version());
                        DeployLogContext.commit(ctx.commit());
                        events.emit(d.id(), new DeployEvent.Identified(d.id(), Instant.now(), ctx.commit(),
                                ctx.version()));
                    }
                } catch (Exception e) {
                    Duration t = Duration.between(t0, Instant.now());
                    took.put(stage.name(), t);
                    own.put(stage.name(), t.minus(ctx.external().minus(tools0)));
                    String why = e instanceof StageFailure ? e.getMessage() : "unexpected " + e;
                    if (!(e instanceof StageFailure)) {
                        LOG.warn("deploy #{}: stage {} broke", d.id(), stage.name(), e);
                    }
                    events.emit(d.id(), new DeployEvent.StageFinished(d.id(), Instant.now(), stage.name(),
                            DeployEvent.StageOutcome.FAILED, t, why));
                    end = l.cancellation.isCancelled() ? DeployStatus.CANCELLED : DeployStatus.FAILED;
                    detail = stage.name() + " failed: " + why;
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("deploy #{} could not run", d.id(), e);
            end = DeployStatus.FAILED;
            detail = "could not run: " + e.getMessage();
        } finally {
            if (ctx != null && !own.isEmpty()) {
                events.emit(d.id(), new DeployEvent.LogLine(d.id(), Instant.now(), overhead(own, ctx.external())));
            }
            if (ctx != null) {
                for (Runnable cleanup : ctx.cleanups()) {
                    try {
                        cleanup.run();
                    } catch (RuntimeException e) {
                        LOG.warn("deploy #{}: clean-up failed", d.id(), e);
                    }
                }
                history.setCommit(d.id(), ctx.commit());
                history.setVersion(d.id(), ctx.version());
                history.setArtifacts(d.id(), null, ctx.deb() == null ? null : ctx.deb().toString());
                if (end != DeployStatus.SUCCEEDED) {
                    String version = ctx.version();
                    List<HostResult> hostResults = new ArrayList<>();
                    ctx.hostResults().forEach((h, res) -> hostResults.add(new HostResult(h, res,
                            res.equals("ok") ? version : null)));
                    history.saveHosts(d.id(), hostResults);
                }
            }
            ending.finish(d.id(), EnumSet.of(DeployStatus.RUNNING), end, detail, took);
        }
    }

    /** BMO's own time per stage (each stage's time less its tools'), and the tools' total. */
    static String overhead(Map<String, Duration> own, Duration tools) {
        Duration total = own.values().stream().reduce(Duration.ZERO, Duration::plus);
        StringBuilder b = new StringBuilder("BMO's own time: ").append(DeployEventText.human(total)).append(" (");
        own.forEach((stage, t) -> b.append(stage).append(' ').append(DeployEventText.human(t)).append(", "));
        b.setLength(b.length() - 2);
        return b.append("); Maven, packaging, aptly, Ansible and the canary analysis' windows: ")
                .append(DeployEventText.human(tools)).toString();
    }
}

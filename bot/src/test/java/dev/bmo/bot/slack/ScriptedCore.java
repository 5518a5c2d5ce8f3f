package dev.bmo.bot.slack;

import dev.bmo.bot.command.Caller;
import dev.bmo.bot.command.Command;
import dev.bmo.bot.command.CommandRequest;
import dev.bmo.bot.command.CommandSyntaxException;
import dev.bmo.bot.command.Grammar;
import dev.bmo.bot.command.Reply;
import dev.bmo.bot.deploy.DeployEvent;
import dev.bmo.bot.deploy.DeployListener;
import dev.bmo.bot.deploy.DeploySummary;
import dev.bmo.bot.history.DeployStatus;
import dev.bmo.bot.history.HostResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for the command core, for the Slack side alone: it reads commands with the real
 * {@link Grammar}, answers {@code deploy}, {@code approve}, {@code reject} and a couple of plain commands the
 * way the core is specified to (permissions by user and group before anything runs, production needing a
 * second person, idempotent requests by key, an audit of decisions) and plays a short deploy as the core's
 * {@link DeployEvent}s to the request's listener, so the Slack side can be tested end to end against the fake
 * Slack without a catalog, a database or a pipeline.
 */
final class ScriptedCore implements CommandGateway {

    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    record Audit(String actor, String action, long deployId) {
    }

    private record Waiting(DeployListener progress, String requester, String service, String env) {
    }

    final List<String> commands = new CopyOnWriteArrayList<>();
    final List<Caller> callers = new CopyOnWriteArrayList<>();
    final List<Audit> audit = new CopyOnWriteArrayList<>();
    final AtomicLong deploysStarted = new AtomicLong();
    private final Grammar grammar = new Grammar(Clock.systemUTC());
    private final Map<String, Long> byRequestKey = new ConcurrentHashMap<>();
    private final Map<Long, Waiting> waiting = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(41);
    /** Production deployers and approvers, as a catalog would list them. */
    private final Set<String> productionDeployers = Set.of("UALICE", "@release-managers");
    private final long stepMillis;

    ScriptedCore(long stepMillis) {
        this.stepMillis = stepMillis;
    }

    @Override
    public Reply handle(CommandRequest request) {
        String text = request.text();
        Caller caller = request.caller();
        commands.add(text);
        callers.add(caller);
        Command command;
        try {
            command = grammar.parse(text);
        } catch (CommandSyntaxException e) {
            return Reply.error(e.getMessage());
        }
        if (command instanceof Command.Deploy d) {
            return deploy(caller, d.service(), d.env() == null ? "staging" : d.env(), request.requestKey(),
                    request.progress());
        } else if (command instanceof Command.Approve a) {
            return decide(caller, a.deployId(), null);
        } else if (command instanceof Command.Reject r) {
            return decide(caller, r.deployId(), r.reason() == null || r.reason().isBlank() ? "not today" : r.reason());
        } else if (command instanceof Command.Help) {
            return Reply.ok("BMO commands:\n  deploy <service> [to <env>]\n  help");
        } else if (command instanceof Command.Deploys) {
            StringBuilder s = new StringBuilder("id   service  env      result\n");
            for (int i = 0; i < 400; i++) {
                s.append(String.format("%-4d %-8s %-8s succeeded (line %d)%n", i, "resizer", "staging", i));
            }
            return Reply.ok(s.toString());
        } else if (command instanceof Command.LogSearch) {
            return Reply.ok("BMO's log store: deploy 42 matched");
        }
        return Reply.error("The scripted core does not play '" + text + "'.");
    }

    private boolean mayDeploy(Caller caller, String env) {
        if (!env.equals("production")) {
            return true;
        }
        return productionDeployers.contains(caller.user())
                || caller.groups().stream().anyMatch(g -> productionDeployers.contains("@" + g));
    }

    private synchronized Reply deploy(Caller caller, String service, String env, String requestKey,
            DeployListener progress) {
        if (!mayDeploy(caller, env)) {
            return Reply.error(caller.user() + " may not deploy to " + env + " (allowed: "
                    + String.join(", ", productionDeployers.stream().sorted().toList()) + ")");
        }
        Long earlier = byRequestKey.get(requestKey);
        if (earlier != null) {
            return Reply.ok("That request is deploy " + earlier + " already.");
        }
        long id = ids.incrementAndGet();
        byRequestKey.put(requestKey, id);
        deploysStarted.incrementAndGet();
        boolean approval = env.equals("production");
        progress.on(new DeployEvent.Accepted(id, Instant.now(), "deploy", service, env, null, "main", caller.user(),
                approval));
        if (approval) {
            waiting.put(id, new Waiting(progress, caller.user(), service, env));
            progress.on(new DeployEvent.AwaitingApproval(id, Instant.now(), List.of("@release-managers"), null));
            return Reply.ok("Deploy " + id + " waits for approval.");
        }
        play(id, service, env, caller.user(), progress);
        return Reply.ok("Deploy " + id + " started.");
    }

    /** @param rejection why it is rejected, or null: it is approved */
    private Reply decide(Caller caller, long id, String rejection) {
        boolean approve = rejection == null;
        Waiting w = waiting.get(id);
        if (w == null) {
            return Reply.error("Deploy " + id + " is not waiting for approval.");
        }
        if (w.requester().equals(caller.user())) {
            audit.add(new Audit(caller.user(), "approve-refused", id));
            return Reply.error("the requester cannot approve their own deploy: a second person must");
        }
        if (!mayDeploy(caller, w.env())) {
            return Reply.error(caller.user() + " may not approve deploys to " + w.env());
        }
        waiting.remove(id);
        audit.add(new Audit(caller.user(), approve ? "approve" : "reject", id));
        if (approve) {
            w.progress().on(new DeployEvent.Approved(id, Instant.now(), caller.user()));
            play(id, w.service(), w.env(), w.requester(), w.progress());
        } else {
            w.progress().on(new DeployEvent.Rejected(id, Instant.now(), caller.user(), rejection));
            w.progress().on(new DeployEvent.Finished(id, Instant.now(), new DeploySummary(id, "deploy", w.service(),
                    w.env(), DeployStatus.REJECTED, null, null, w.requester(), List.of(), Map.of(), Duration.ZERO,
                    "rejected by " + caller.user())));
        }
        return Reply.ok("Deploy " + id + (approve ? " approved." : " rejected."));
    }

    /** The deploy's pipeline, in the background as the core runs it: seven stages, three tasks on three hosts. */
    private void play(long id, String service, String env, String requester, DeployListener p) {
        Thread t = new Thread(() -> {
            String version = "1.4." + id;
            p.on(new DeployEvent.Started(id, Instant.now()));
            p.on(new DeployEvent.Identified(id, Instant.now(), COMMIT, version));
            List<String> hosts = List.of(service + "-1", service + "-2", service + "-3");
            for (String stage : List.of("resolve", "build", "package", "publish", "deploy", "verify", "record")) {
                p.on(new DeployEvent.StageStarted(id, Instant.now(), stage));
                if (stage.equals("deploy")) {
                    for (String task : List.of("install package", "restart service", "wait for health")) {
                        p.on(new DeployEvent.TaskStarted(id, Instant.now(), task));
                        for (String h : hosts) {
                            p.on(new DeployEvent.HostResult(id, Instant.now(), h, task, "ok", null));
                            p.on(new DeployEvent.LogLine(id, Instant.now(), h + ": " + task + " ok"));
                            sleep();
                        }
                    }
                }
                for (int i = 0; i < 3; i++) {
                    p.on(new DeployEvent.LogLine(id, Instant.now(), stage + " output line " + i + " of deploy " + id));
                }
                sleep();
                p.on(new DeployEvent.StageFinished(id, Instant.now(), stage, DeployEvent.StageOutcome.PASSED,
                        Duration.ofMillis(stepMillis * 3), null));
            }
            p.on(new DeployEvent.Finished(id, Instant.now(), new DeploySummary(id, "deploy", service, env,
                    DeployStatus.SUCCEEDED, COMMIT, version, requester,
                    hosts.stream().map(h -> new HostResult(h, "ok", null)).toList(), Map.of(), Duration.ofSeconds(42),
                    null)));
        }, "scripted-deploy-" + id);
        t.setDaemon(true);
        t.start();
    }

    private void sleep() {
        try {
            Thread.sleep(stepMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.bmo.bot.slack;

import dev.bmo.bot.command.Caller;
import dev.bmo.bot.command.Reply;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for the command core while its deploy pipeline is not there to plug into: it answers
 * {@code deploy}, {@code approve}, {@code reject} and a couple of plain commands the way the core
 * is specified to (permissions by user and group before anything runs, production needing a second
 * person, idempotent requests by key, an audit of decisions) and plays a short deploy through
 * {@link DeployProgress}, so the Slack side can be tested end to end against the fake Slack.
 */
final class ScriptedCore implements CommandGateway {

    private static final Pattern DEPLOY = Pattern.compile("deploy (\\w+)(?: to (\\w+))?");
    private static final Pattern DECIDE = Pattern.compile("(approve|reject) (\\d+)");

    record Audit(String actor, String action, long deployId) {
    }

    private record Waiting(DeployProgress progress, String requester, String service, String env) {
    }

    final List<String> commands = new CopyOnWriteArrayList<>();
    final List<Caller> callers = new CopyOnWriteArrayList<>();
    final List<Audit> audit = new CopyOnWriteArrayList<>();
    final AtomicLong deploysStarted = new AtomicLong();
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
    public Reply handle(Caller caller, String text, String requestKey, DeployProgress progress) {
        commands.add(text);
        callers.add(caller);
        Matcher d = DEPLOY.matcher(text);
        if (d.matches()) {
            return deploy(caller, d.group(1), d.group(2) == null ? "staging" : d.group(2), requestKey, progress);
        }
        Matcher a = DECIDE.matcher(text);
        if (a.matches()) {
            return decide(caller, a.group(1).equals("approve"), Long.parseLong(a.group(2)));
        }
        if (text.equals("help")) {
            return Reply.ok("BMO commands:\n  deploy <service> [to <env>]\n  help");
        }
        if (text.startsWith("deploys ")) {
            StringBuilder s = new StringBuilder("id   service  env      result\n");
            for (int i = 0; i < 400; i++) {
                s.append(String.format("%-4d %-8s %-8s succeeded (line %d)%n", i, "resizer", "staging", i));
            }
            return Reply.ok(s.toString());
        }
        if (text.startsWith("logs search ")) {
            return Reply.ok("BMO's log store: deploy 42 matched");
        }
        return Reply.error("I don't know the command '" + text + "'.");
    }

    private boolean mayDeploy(Caller caller, String env) {
        if (!env.equals("production")) {
            return true;
        }
        return productionDeployers.contains(caller.user())
                || caller.groups().stream().anyMatch(g -> productionDeployers.contains("@" + g));
    }

    private synchronized Reply deploy(Caller caller, String service, String env, String requestKey,
            DeployProgress progress) {
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
        progress.accepted(id, service, env, "main", caller.user(), env.equals("production"));
        if (env.equals("production")) {
            waiting.put(id, new Waiting(progress, caller.user(), service, env));
            progress.approvalNeeded("@release-managers", List.of());
            return Reply.ok("Deploy " + id + " waits for approval.");
        }
        Thread t = new Thread(() -> play(id, service, env, progress), "scripted-deploy-" + id);
        t.setDaemon(true);
        t.start();
        return Reply.ok("Deploy " + id + " started.");
    }

    private Reply decide(Caller caller, boolean approve, long id) {
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
        w.progress().approvalDecided(approve, caller.user(), approve ? null : "not today");
        if (approve) {
            Thread t = new Thread(() -> play(id, w.service(), w.env(), w.progress()), "scripted-deploy-" + id);
            t.setDaemon(true);
            t.start();
        } else {
            w.progress().finished("rejected", Duration.ZERO, List.of(), "rejected by " + caller.user(), "");
        }
        return Reply.ok("Deploy " + id + (approve ? " approved." : " rejected."));
    }

    private void play(long id, String service, String env, DeployProgress p) {
        StringBuilder log = new StringBuilder();
        p.identified("1.4." + id, "0123456789abcdef0123456789abcdef01234567");
        List<String> hosts = List.of(service + "-1", service + "-2", service + "-3");
        for (String stage : List.of("resolve", "build", "package", "publish", "deploy", "verify", "record")) {
            p.stageStarted(stage);
            log.append("[").append(stage).append("] started\n");
            if (stage.equals("deploy")) {
                for (String task : List.of("install package", "restart service", "wait for health")) {
                    p.task(task);
                    for (String h : hosts) {
                        p.hostResult(h, "ok", null);
                        log.append(h).append(": ").append(task).append(" ok\n");
                        sleep();
                    }
                }
            }
            for (int i = 0; i < 3; i++) {
                String line = stage + " output line " + i + " of deploy " + id;
                p.logLine(line);
                log.append(line).append('\n');
            }
            sleep();
            p.stageFinished(stage, true, Duration.ofMillis(stepMillis * 3), null);
        }
        p.finished("succeeded", Duration.ofSeconds(42), hosts.stream().map(h -> h + " ok").toList(),
                "deploy " + id + " of " + service + " to " + env + ": SUCCEEDED", log.toString());
    }

    private void sleep() {
        try {
            Thread.sleep(stepMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

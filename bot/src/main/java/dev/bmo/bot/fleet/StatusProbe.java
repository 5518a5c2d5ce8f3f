package dev.bmo.bot.fleet;

import dev.bmo.bot.text.TextTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;

/** Asks every host of a service for health and info at once, each with its own short timeout. */
public class StatusProbe {

    private final ActuatorClient actuator;
    private final ExecutorService pool;

    public StatusProbe(ActuatorClient actuator, ExecutorService pool) {
        this.actuator = actuator;
        this.pool = pool;
    }

    public static StatusProbe withOwnPool(ActuatorClient actuator) {
        return new StatusProbe(actuator, Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "bmo-status-probe");
            t.setDaemon(true);
            return t;
        }));
    }

    public List<HostStatus> probe(List<ServiceHost> hosts) {
        List<CompletableFuture<HostStatus>> all = hosts.stream()
                .map(h -> CompletableFuture.supplyAsync(() -> probe(h), pool))
                .toList();
        return all.stream().map(CompletableFuture::join).toList();
    }

    HostStatus probe(ServiceHost host) {
        JsonNode health;
        try {
            health = actuator.health(host);
        } catch (ActuatorClient.Unreachable e) {
            return HostStatus.unreachable(host, e.getMessage());
        }
        String version = "?";
        String commit = "?";
        Duration uptime = null;
        String infoProblem = "";
        try {
            JsonNode info = actuator.info(host);
            version = info.path("build").path("version").asString("?");
            commit = abbreviate(commitId(info.path("git").path("commit").path("id")));
            if (info.path("process").has("uptimeSeconds")) {
                uptime = Duration.ofSeconds(info.path("process").path("uptimeSeconds").asLong());
            }
        } catch (ActuatorClient.Unreachable e) {
            // health answered, info did not (a token refused, say): still report the state, and why
            infoProblem = e.getMessage();
        }
        String status = health.path("status").asString("UNKNOWN");
        List<String> failing = new ArrayList<>();
        collectFailing("", health.path("components"), failing);
        HostStatus.State state = "UP".equals(status) ? HostStatus.State.UP : HostStatus.State.DOWN;
        String problem = state == HostStatus.State.UP ? "" : (failing.isEmpty() ? "status " + status : String.join(", ", failing));
        problem = problem.isEmpty() ? infoProblem : infoProblem.isEmpty() ? problem : problem + "; " + infoProblem;
        return new HostStatus(host, state, version, commit, uptime, failing, problem);
    }

    /** Leaf components that are not UP, named by their path (e.g. "s3" or "db.outbox"). */
    private static void collectFailing(String prefix, JsonNode components, List<String> failing) {
        components.properties().forEach(entry -> {
            String name = prefix + entry.getKey();
            JsonNode component = entry.getValue();
            if (component.has("components")) {
                collectFailing(name + ".", component.path("components"), failing);
            } else if (!"UP".equals(component.path("status").asString())) {
                failing.add(name + " " + component.path("status").asString("UNKNOWN").toLowerCase());
            }
        });
    }

    /** {@code git.commit.id} is a string in Actuator's simple git mode and {full, abbrev} in full mode. */
    private static String commitId(JsonNode id) {
        if (id.isObject()) {
            return id.path("abbrev").asString(id.path("full").asString("?"));
        }
        return id.asString("?");
    }

    private static String abbreviate(String commit) {
        return commit.length() > 7 ? commit.substring(0, 7) : commit;
    }

    public static String table(List<HostStatus> statuses) {
        TextTable table = new TextTable("host", "state", "version", "commit", "uptime", "problem");
        for (HostStatus s : statuses) {
            table.row(s.host().host(), s.state(), s.version(), s.commit(), s.uptime() == null ? "-" : human(s.uptime()), s.problem());
        }
        return table.toString();
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + (s % 60 == 0 ? "" : " " + (s % 60) + "s");
        }
        if (s < 86400) {
            return (s / 3600) + "h " + ((s % 3600) / 60) + "m";
        }
        return (s / 86400) + "d " + ((s % 86400) / 3600) + "h";
    }
}

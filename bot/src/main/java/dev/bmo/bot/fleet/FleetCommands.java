package dev.bmo.bot.fleet;

import dev.bmo.bot.BmoProperties;
import dev.bmo.bot.catalog.Catalog;
import dev.bmo.bot.catalog.CatalogException;
import dev.bmo.bot.catalog.EnvironmentSpec;
import dev.bmo.bot.catalog.Inventory;
import dev.bmo.bot.catalog.ServiceSpec;
import dev.bmo.bot.command.Command;
import dev.bmo.bot.command.CommandHandler;
import dev.bmo.bot.command.CommandRequest;
import dev.bmo.bot.command.Reply;
import dev.bmo.bot.text.TextTable;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * {@code status} and {@code metrics}: BMO asks the running services, every host of the environment's
 * inventory at once, and answers with one table.
 */
@Component
public class FleetCommands implements CommandHandler, DisposableBean {

    private final Catalog catalog;
    private final BmoProperties props;
    private final Clock clock;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "bmo-fleet-probe");
        t.setDaemon(true);
        return t;
    });
    private final StatusProbe status;
    private final MetricsProbe metrics;
    private final Optional<DatadogQueries> datadog;

    public FleetCommands(Catalog catalog, BmoProperties props, Clock clock,
            @Value("${BMO_STATUS_TIMEOUT:2s}") Duration timeout,
            @Value("${BMO_METRICS_WINDOW:3s}") Duration window,
            @Value("${BMO_ACTUATOR_TOKEN:}") String token, DatadogSettings datadog) {
        this.catalog = catalog;
        this.props = props;
        this.clock = clock;
        ActuatorClient actuator = new ActuatorClient(timeout, Optional.of(token));
        this.status = new StatusProbe(actuator, pool);
        this.metrics = new MetricsProbe(actuator, pool, window);
        this.datadog = datadog.queries();
    }

    @Override
    public boolean handles(Command command) {
        return command instanceof Command.Status || command instanceof Command.Metrics;
    }

    @Override
    public Reply handle(CommandRequest request, Command command) {
        try {
            if (command instanceof Command.Status s) {
                return s.service() == null ? statusOfAll(s.env()) : statusOf(service(s.service()), s.env());
            }
            Command.Metrics m = (Command.Metrics) command;
            return metricsOf(service(m.service()), m.env());
        } catch (CatalogException e) {
            return Reply.error(e.getMessage());
        }
    }

    private Reply statusOf(ServiceSpec service, String envName) {
        EnvironmentSpec env = environment(envName == null ? service.defaultEnv() : envName);
        List<ServiceHost> hosts = hosts(service, env);
        if (hosts.isEmpty()) {
            return Reply.error(env.name() + " has no hosts for " + service.name() + ".");
        }
        List<HostStatus> statuses = status.probe(hosts);
        long up = statuses.stream().filter(s -> s.state() == HostStatus.State.UP).count();
        String head = service.name() + " in " + env.name() + ": " + up + " of " + statuses.size() + " hosts up";
        boolean known = statuses.stream().allMatch(st -> st.problem().isBlank());
        return new Reply(up == statuses.size() && known, head + "\n" + StatusProbe.table(statuses));
    }

    /** One line per service: how many hosts are up, which versions run, what is wrong. */
    private Reply statusOfAll(String envName) {
        EnvironmentSpec env = environment(envName == null ? defaultEnvironment() : envName);
        Map<ServiceSpec, List<ServiceHost>> byService = new LinkedHashMap<>();
        catalog.services().values().forEach(s -> byService.put(s, hosts(s, env)));
        List<ServiceHost> all = byService.values().stream().flatMap(List::stream).toList();
        List<HostStatus> statuses = status.probe(all);
        TextTable table = new TextTable("service", "up", "version", "commit", "problems");
        boolean allUp = true;
        int i = 0;
        for (Map.Entry<ServiceSpec, List<ServiceHost>> e : byService.entrySet()) {
            List<HostStatus> mine = statuses.subList(i, i + e.getValue().size());
            i += e.getValue().size();
            long up = mine.stream().filter(s -> s.state() == HostStatus.State.UP).count();
            allUp &= up == mine.size() && !mine.isEmpty() && mine.stream().allMatch(s -> s.problem().isBlank());
            String problems = mine.stream().filter(s -> s.state() != HostStatus.State.UP || !s.problem().isBlank())
                    .map(s -> s.host().host() + " " + s.state().name().toLowerCase() + (s.problem().isBlank() ? "" : " (" + s.problem() + ")"))
                    .collect(Collectors.joining("; "));
            table.row(e.getKey().name(), up + "/" + mine.size(), distinct(mine, HostStatus::version), distinct(mine, HostStatus::commit),
                    mine.isEmpty() ? "no hosts in the inventory" : problems);
        }
        return new Reply(allUp, "Fleet in " + env.name() + ":\n" + table);
    }

    private Reply metricsOf(ServiceSpec service, String envName) {
        EnvironmentSpec env = environment(envName == null ? service.defaultEnv() : envName);
        if (datadog.isPresent()) {
            try {
                return Reply.ok(service.name() + " in " + env.name() + ", last hour:\n"
                        + datadog.get().lastHour(service.packageName(), env.name(), clock.instant()));
            } catch (IOException e) {
                return Reply.error("Datadog could not answer: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Reply.error("interrupted while asking Datadog");
            }
        }
        List<ServiceHost> hosts = hosts(service, env);
        if (hosts.isEmpty()) {
            return Reply.error(env.name() + " has no hosts for " + service.name() + ".");
        }
        List<Figure> own = ServiceFigures.of(service.name());
        List<MetricsProbe.HostFigures> figures = metrics.measure(hosts, own);
        boolean anyRead = figures.stream().anyMatch(f -> f.problem() == null);
        return new Reply(anyRead, service.name() + " in " + env.name() + " (rates over the last "
                + metricsWindow() + "):\n" + MetricsProbe.table(figures, own));
    }

    private String metricsWindow() {
        return StatusProbe.human(metrics.window());
    }

    private static String distinct(List<HostStatus> statuses, java.util.function.Function<HostStatus, String> field) {
        TreeSet<String> values = statuses.stream().filter(s -> s.state() != HostStatus.State.UNREACHABLE).map(field)
                .collect(Collectors.toCollection(TreeSet::new));
        return values.isEmpty() ? "-" : String.join(", ", values);
    }

    private List<ServiceHost> hosts(ServiceSpec service, EnvironmentSpec env) {
        Inventory inventory = Inventory.load(props.resolve(java.nio.file.Path.of(env.inventory())));
        List<ServiceHost> hosts = new ArrayList<>();
        for (String host : inventory.hostsOf(service.name())) {
            hosts.add(new ServiceHost(host, URI.create("http://" + inventory.address(host) + ":" + inventory.httpPort(host, service.port()))));
        }
        return hosts;
    }

    private ServiceSpec service(String name) {
        return catalog.service(name).orElseThrow(() -> new CatalogException(
                "I don't know the service '" + name + "'. Services: " + String.join(", ", catalog.serviceNames()) + "."));
    }

    private EnvironmentSpec environment(String name) {
        return catalog.environment(name).orElseThrow(() -> new CatalogException(
                "I don't know the environment '" + name + "'. Environments: " + String.join(", ", catalog.environmentNames()) + "."));
    }

    /** The environment most services deploy to by default. */
    private String defaultEnvironment() {
        return catalog.services().values().stream()
                .collect(Collectors.groupingBy(ServiceSpec::defaultEnv, Collectors.counting()))
                .entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("local");
    }

    @Override
    public void destroy() {
        pool.shutdownNow();
    }
}

package dev.bmo.bot.journal;

import dev.bmo.bot.BmoProperties;
import dev.bmo.bot.ansible.SshSettings;
import dev.bmo.bot.catalog.Catalog;
import dev.bmo.bot.catalog.CatalogException;
import dev.bmo.bot.catalog.EnvironmentSpec;
import dev.bmo.bot.catalog.Inventory;
import dev.bmo.bot.catalog.ServiceSpec;
import dev.bmo.bot.command.Command;
import dev.bmo.bot.command.CommandHandler;
import dev.bmo.bot.command.CommandRequest;
import dev.bmo.bot.command.Reply;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * {@code journal <service> [in <env>[/<hosts>]] [last <duration>] [level <level>] [grep <words>]}: the service's
 * recent log lines from every host of the environment at once (a simulated host's file, a real host's journal
 * over SSH), filtered by level and words in BMO, secrets taken out, newest last. Anyone may read them, as
 * anyone may read {@code status}: the catalog's permissions are about changing the fleet.
 */
@Component
public class JournalCommands implements CommandHandler, DisposableBean {

    /** Most entries fetched from one host. */
    public static final int MAX_LINES_PER_HOST = 2000;

    private final Catalog catalog;
    private final Path repo;
    private final Path hostsRoot;
    private final Path stateDir;
    private final Clock clock;
    private final Map<String, String> ownSettings;
    private final Duration sshTimeout;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "bmo-journal-read");
        t.setDaemon(true);
        return t;
    });

    @Autowired
    public JournalCommands(Catalog catalog, BmoProperties props, Clock clock,
            @Value("${BMO_ACTUATOR_TOKEN:}") String actuatorToken,
            @Value("${BMO_JOURNAL_TIMEOUT:20s}") Duration sshTimeout) {
        this(catalog, props.repoDir(), props.resolve(props.hostsDir()), props.resolve(props.stateDir()), clock,
                ownSettings(System.getenv(), actuatorToken), sshTimeout);
    }

    /**
     * @param ownSettings BMO's own settings whose secret values the answer must never show (its environment)
     */
    public JournalCommands(Catalog catalog, Path repo, Path hostsRoot, Path stateDir, Clock clock,
            Map<String, String> ownSettings, Duration sshTimeout) {
        this.catalog = catalog;
        this.repo = repo;
        this.hostsRoot = hostsRoot;
        this.stateDir = stateDir;
        this.clock = clock;
        this.ownSettings = Map.copyOf(ownSettings);
        this.sshTimeout = sshTimeout;
    }

    private static Map<String, String> ownSettings(Map<String, String> environment, String actuatorToken) {
        Map<String, String> settings = new HashMap<>(environment);
        settings.put("BMO_ACTUATOR_TOKEN", actuatorToken);
        return settings;
    }

    @Override
    public boolean handles(Command command) {
        return command instanceof Command.Journal;
    }

    @Override
    public Reply handle(CommandRequest request, Command command) {
        Command.Journal j = (Command.Journal) command;
        try {
            return journal(j);
        } catch (CatalogException e) {
            return Reply.error(e.getMessage());
        }
    }

    private Reply journal(Command.Journal j) {
        ServiceSpec service = catalog.service(j.service()).orElseThrow(() -> new CatalogException(
                "I don't know the service '" + j.service() + "'. Services: "
                        + String.join(", ", catalog.serviceNames()) + "."));
        String envName = j.env() == null ? service.defaultEnv() : j.env();
        EnvironmentSpec env = catalog.environment(envName).orElseThrow(() -> new CatalogException(
                "I don't know the environment '" + envName + "'. Environments: "
                        + String.join(", ", catalog.environmentNames()) + "."));
        Inventory inventory = Inventory.load(repo.resolve(env.inventory()).normalize());
        List<String> hosts = inventory.targets(service.name(), env.name(), j.hosts());
        Instant now = clock.instant();
        Instant since = now.minus(j.last());

        EnvironmentSecrets secrets = new EnvironmentSecrets().settings(ownSettings).inventory(inventory, hosts)
                .stateDir(stateDir);
        HostLogSource source;
        if (env.isLocal()) {
            source = new SimulatedHostLog(hostsRoot, service.packageName(), SimulatedHostLog.MAX_BYTES);
            hosts.forEach(h -> secrets.envFile(hostsRoot.resolve(h).resolve("service.env")));
        } else {
            source = new JournaldOverSsh(inventory, SshSettings.of(env, repo), service.packageName(), repo, sshTimeout);
        }
        SecretRedactor redactor = secrets.redactor();
        List<CompletableFuture<HostLog>> reading = hosts.stream()
                .map(h -> CompletableFuture.supplyAsync(() -> source.read(h, since, MAX_LINES_PER_HOST), pool)
                        .exceptionally(e -> HostLog.failed(h, "could not be read: " + e.getMessage())))
                .toList();
        List<HostLog> logs = reading.stream().map(CompletableFuture::join).map(redactor::redact).toList();
        String what = service.name() + " in " + env.name() + (j.hosts().isEmpty() ? "" : " on "
                + String.join(", ", hosts));
        LogFilter filter = new LogFilter(since, Level.of(j.level().toUpperCase(Locale.ROOT)), j.words());
        return JournalAnswer.of(service.name(), env.name(), what, logs, filter, j.last(), now);
    }

    @Override
    public void destroy() {
        pool.shutdownNow();
    }
}

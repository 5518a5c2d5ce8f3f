package dev.bmo.bot.support;

import dev.bmo.bot.BmoApplication;
import dev.bmo.bot.catalog.Catalog;
import dev.bmo.bot.command.CommandCore;
import dev.bmo.bot.command.CommandHandler;
import dev.bmo.bot.deploy.DeployPipeline;
import dev.bmo.bot.deploy.DeployService;
import dev.bmo.bot.history.AuditLog;
import dev.bmo.bot.history.DeployHistory;
import dev.bmo.bot.lock.LockStore;
import java.beans.Introspector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * BMO as its Spring configuration wires it ({@link BmoApplication}, the same beans as {@code ./bmo}), over a
 * test database, with the test's deploy pipeline in place of the real one. Nothing is wired by hand here, so
 * a wiring mistake in the application fails these tests too. The shell and Slack stay off; the test talks
 * to {@link #core} and {@link #deploys}.
 */
public final class TestBot implements AutoCloseable {

    public final TestDatabase db;
    public final ConfigurableApplicationContext context;
    public final Catalog catalog;
    public final DeployHistory history;
    public final LockStore locks;
    public final AuditLog audit;
    public final DeployService deploys;
    public final CommandCore core;
    public final Path stateDir;

    public TestBot(TestDatabase db, Path repo, Path catalogFile, DeployPipeline pipeline, Path stateDir,
            List<CommandHandler> handlers) {
        this(db, repo, catalogFile, pipeline, stateDir, handlers, true);
    }

    /**
     * @param handlers each replaces the application's handler of the same class (a journal with a fixed clock,
     *                 say); a handler the application does not have is added
     * @param worker   false: a one-shot BMO ({@code ./bmo -c}), which runs only what it is asked for
     */
    public TestBot(TestDatabase db, Path repo, Path catalogFile, DeployPipeline pipeline, Path stateDir,
            List<CommandHandler> handlers, boolean worker) {
        this.db = db;
        this.stateDir = stateDir;
        SpringApplication app = new SpringApplication(BmoApplication.class);
        app.setLogStartupInfo(false);
        // the test JVM's logging stays the tests' (captured appenders survive a BMO starting)
        app.setListeners(app.getListeners().stream().filter(l -> !(l instanceof LoggingApplicationListener))
                .toList());
        app.addInitializers(ctx -> {
            // above application.yml and the machine's BMO_... variables
            ctx.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test-bot", Map.of(
                    "bmo.repo", repo.toString(),
                    "bmo.catalog", catalogFile.toAbsolutePath().toString(),
                    "bmo.state-dir", stateDir.toString(),
                    "bmo.queue-poll", "200ms",
                    "bmo.shell.enabled", "false",
                    "bmo.slack.mode", "off")));
            GenericApplicationContext registry = (GenericApplicationContext) ctx;
            // not the database itself: the context must not close it (restart tests keep it)
            registry.registerBean(DataSource.class, () -> new DelegatingDataSource(db.dataSource()));
            registry.registerBean(DeployPipeline.class, () -> pipeline);
            for (CommandHandler h : handlers) {
                // an explicitly registered bean keeps component scanning from adding its own of that name
                registerHandler(registry, h);
            }
        });
        // how production tells a one-shot BMO from a worker: the command line starts with -c
        this.context = app.run(worker ? new String[0] : new String[] {"-c"});
        this.catalog = context.getBean(Catalog.class);
        this.history = context.getBean(DeployHistory.class);
        this.locks = context.getBean(LockStore.class);
        this.audit = context.getBean(AuditLog.class);
        this.deploys = context.getBean(DeployService.class);
        this.core = context.getBean(CommandCore.class);
    }

    /** Under the bean name and class component scanning gives its own handler of that class. */
    @SuppressWarnings("unchecked")
    private static <T extends CommandHandler> void registerHandler(GenericApplicationContext registry, T handler) {
        Class<T> type = (Class<T>) handler.getClass();
        registry.registerBean(Introspector.decapitalize(type.getSimpleName()), type, () -> handler);
    }

    /** The real repository and catalog, a quick pipeline of the given stages, H2 in memory. */
    public static TestBot onRealCatalog(DeployPipeline pipeline) throws Exception {
        return onRealCatalog(pipeline, List.of());
    }

    /** The same with plug-in command handlers. */
    public static TestBot onRealCatalog(DeployPipeline pipeline, List<CommandHandler> handlers) throws Exception {
        Path root = repoRoot();
        return new TestBot(TestDatabase.create(TestDatabase.Kind.H2), root, root.resolve("bot/catalog.yml"), pipeline,
                Files.createTempDirectory("bmo-state"), handlers);
    }

    /** Another BMO process on the same database (after a restart, say). */
    public TestBot restarted(Path repo, Path catalogFile, DeployPipeline pipeline) {
        return new TestBot(db, repo, catalogFile, pipeline, stateDir, List.of());
    }

    public static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !(Files.isRegularFile(p.resolve("bmo")) && Files.isDirectory(p.resolve("bot")))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("not inside the BMO repository");
        }
        return p;
    }

    @Override
    public void close() {
        context.close();
        db.close();
    }

    /** Closes the service but keeps the database (for restart tests). */
    public void closeServiceOnly() {
        context.close();
    }
}

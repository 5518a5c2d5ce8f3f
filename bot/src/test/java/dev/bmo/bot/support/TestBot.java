package dev.bmo.bot.support;

import dev.bmo.bot.catalog.Catalog;
import dev.bmo.bot.catalog.CatalogLoader;
import dev.bmo.bot.command.CommandCore;
import dev.bmo.bot.command.CommandHandler;
import dev.bmo.bot.command.DeployCommands;
import dev.bmo.bot.command.Grammar;
import dev.bmo.bot.command.HelpCommand;
import dev.bmo.bot.command.HistoryCommands;
import dev.bmo.bot.command.LockCommands;
import dev.bmo.bot.deploy.DeployPipeline;
import dev.bmo.bot.deploy.DeployService;
import dev.bmo.bot.history.AuditLog;
import dev.bmo.bot.history.DeployHistory;
import dev.bmo.bot.lock.LockStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** BMO's core assembled by hand over a test database: what the Spring configuration wires, minus Spring. */
public final class TestBot implements AutoCloseable {

    public final TestDatabase db;
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

    /** @param worker false: a one-shot BMO ({@code ./bmo -c}), which runs only what it is asked for */
    public TestBot(TestDatabase db, Path repo, Path catalogFile, DeployPipeline pipeline, Path stateDir,
            List<CommandHandler> handlers, boolean worker) {
        this.db = db;
        this.stateDir = stateDir;
        this.catalog = CatalogLoader.load(catalogFile);
        this.history = new DeployHistory(db.jdbc());
        this.locks = new LockStore(db.jdbc());
        this.audit = new AuditLog(db.jdbc());
        this.deploys = new DeployService(catalog, history, locks, audit, pipeline, repo, stateDir.resolve("deploys"),
                Duration.ofMillis(200), Duration.ofMinutes(30), Duration.ofSeconds(60), worker);
        this.deploys.start(); // as the Spring configuration's init method: crash recovery, then the threads
        Clock clock = Clock.systemUTC();
        this.core = new CommandCore(new Grammar(clock), new DeployCommands(deploys),
                new HistoryCommands(history, catalog), new LockCommands(locks, catalog, history, audit, clock),
                new HelpCommand(catalog), handlers);
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
        deploys.close();
        db.close();
    }

    /** Closes the service but keeps the database (for restart tests). */
    public void closeServiceOnly() {
        deploys.close();
    }
}

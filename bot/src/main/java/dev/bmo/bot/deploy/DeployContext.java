package dev.bmo.bot.deploy;

import dev.bmo.bot.catalog.EnvironmentSpec;
import dev.bmo.bot.catalog.Inventory;
import dev.bmo.bot.catalog.ServiceSpec;
import dev.bmo.bot.git.GitRepo;
import dev.bmo.bot.history.DeployRecord;
import dev.bmo.bot.process.Cancellation;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/** What the stages of one deploy share: the request, the target, and what earlier stages produced. */
public final class DeployContext {

    private final DeployRecord deploy;
    private final ServiceSpec service;
    private final EnvironmentSpec env;
    private final Inventory inventory;
    private final List<String> hosts;
    private final Path repo;
    private final GitRepo git;
    private final Path workDir;
    private final Cancellation cancellation;
    private final Consumer<DeployEvent> events;
    private final Function<String, List<DeployRecord>> packagedBefore;
    private final PauseGate pause;
    private DeployRecord reuse;
    private final List<Runnable> cleanups = new ArrayList<>();
    /** Per-host result of the rollout and verify stages, in host order. */
    private final Map<String, String> hostResults = new LinkedHashMap<>();
    /** What the build and package commands reported ({@code deb=}, {@code version=}, ...). */
    private final Map<String, String> reported = new LinkedHashMap<>();

    private Duration external = Duration.ZERO;
    private String commit;
    private String version;
    private String appVersion;
    private Path sourceDir;
    private Path deb;
    private Path image;
    private String aptRepo;
    private String aptKey;

    DeployContext(DeployRecord deploy, ServiceSpec service, EnvironmentSpec env, Inventory inventory,
            List<String> hosts, Path repo, GitRepo git, Path workDir, Cancellation cancellation,
            Consumer<DeployEvent> events, DeployRecord reuse, Function<String, List<DeployRecord>> packagedBefore,
            PauseGate pause) {
        this.deploy = deploy;
        this.service = service;
        this.env = env;
        this.inventory = inventory;
        this.hosts = List.copyOf(hosts);
        this.repo = repo;
        this.git = git;
        this.workDir = workDir;
        this.cancellation = cancellation;
        this.events = events;
        this.reuse = reuse;
        this.packagedBefore = packagedBefore;
        this.pause = pause;
        hosts.forEach(h -> hostResults.put(h, "not reached"));
    }

    public DeployRecord deploy() {
        return deploy;
    }

    public long id() {
        return deploy.id();
    }

    public ServiceSpec service() {
        return service;
    }

    public EnvironmentSpec env() {
        return env;
    }

    public Inventory inventory() {
        return inventory;
    }

    /** The hosts this deploy touches: the service's group, narrowed by the limit. */
    public List<String> hosts() {
        return hosts;
    }

    /** The repository BMO deploys from (never built in place: the build uses a worktree). */
    public Path repo() {
        return repo;
    }

    /** The repository the service's code comes from: BMO's own, or the mirror of the service's {@code repo:}. */
    public GitRepo git() {
        return git;
    }

    /**
     * Counts time spent in the tools a stage runs (Maven, packaging, aptly, Ansible), so that what
     * remains of a stage's time is BMO's own overhead.
     */
    public void external(Duration took) {
        external = external.plus(took);
    }

    public Duration external() {
        return external;
    }

    /** The key=value lines the build and package commands printed, in order. */
    public Map<String, String> reported() {
        return reported;
    }

    /** This deploy's own directory (artifacts, ansible run, worktree): .bmo/deploys/&lt;id&gt;/. */
    public Path workDir() {
        return workDir;
    }

    public Cancellation cancellation() {
        return cancellation;
    }

    /**
     * The earlier deploy whose package this one installs again without a rebuild: for a rollback, the deploy
     * it goes back to; for a deploy of a commit that was packaged before, the deploy that packaged it.
     */
    public DeployRecord reuse() {
        return reuse;
    }

    public void reuse(DeployRecord earlier) {
        this.reuse = earlier;
    }

    /** Earlier deploys of this service that packaged the resolved commit, newest first (none before resolve). */
    public List<DeployRecord> packagedBefore() {
        return commit == null ? List.of() : packagedBefore.apply(commit);
    }

    /**
     * Pauses the deploy until a person says {@code continue <id>} (true) or {@code rollback <id>} (false);
     * empty when nobody answered within {@code timeout}. The thread has said why already.
     */
    public java.util.Optional<Boolean> askPerson(Duration timeout) throws InterruptedException {
        return pause.await(timeout, cancellation);
    }

    public void log(String line) {
        events.accept(new DeployEvent.LogLine(id(), Instant.now(), line));
    }

    public void emit(DeployEvent event) {
        events.accept(event);
    }

    public void checkCancelled() throws StageFailure {
        if (cancellation.isCancelled()) {
            throw new StageFailure("cancelled: " + cancellation.reason());
        }
    }

    /** Runs after the deploy ends, whatever the end (removing the worktree, for example). */
    public void onEnd(Runnable cleanup) {
        cleanups.add(cleanup);
    }

    List<Runnable> cleanups() {
        return cleanups;
    }

    public Map<String, String> hostResults() {
        return hostResults;
    }

    public String commit() {
        return commit;
    }

    public void commit(String commit) {
        this.commit = commit;
    }

    /** The package version (what apt pins and what the deploy records). */
    public String version() {
        return version;
    }

    public void version(String version) {
        this.version = version;
    }

    /** What the service reports as build.version in /actuator/info, when known. */
    public String appVersion() {
        return appVersion;
    }

    public void appVersion(String appVersion) {
        this.appVersion = appVersion;
    }

    public Path sourceDir() {
        return sourceDir;
    }

    public void sourceDir(Path dir) {
        this.sourceDir = dir;
    }

    public Path deb() {
        return deb;
    }

    public void deb(Path deb) {
        this.deb = deb;
    }

    public Path image() {
        return image;
    }

    public void image(Path image) {
        this.image = image;
    }

    public String aptRepo() {
        return aptRepo;
    }

    public void aptRepo(String repo) {
        this.aptRepo = repo;
    }

    /** The published repository's public key (a file on BMO's machine), which the hosts are given for signed-by. */
    public String aptKey() {
        return aptKey;
    }

    public void aptKey(String key) {
        this.aptKey = key;
    }
}

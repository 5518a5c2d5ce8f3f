package dev.bmo.bot.deploy.stage;

import dev.bmo.bot.ansible.AnsibleRunner;
import dev.bmo.bot.ansible.SshSettings;
import dev.bmo.bot.canary.BatchAnalysis;
import dev.bmo.bot.canary.TrafficSources;
import dev.bmo.bot.deploy.DeployContext;
import dev.bmo.bot.deploy.Stage;
import dev.bmo.bot.deploy.StageFailure;
import dev.bmo.bot.fleet.ActuatorClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Rolls the package out with {@code playbooks/deploy.yml}: host by host (the environment's
 * {@code serial}), stopping at {@code max_fail_percentage}. Every task start and host result is
 * passed on as it comes. Where the environment's canary analysis is on, BMO runs the batches one
 * Ansible run each and judges every batch by its live traffic before the next one
 * ({@link BatchAnalysis}); a batch judged bad is put back with {@code playbooks/rollback.yml} and the
 * rollout stops there.
 */
public class RolloutStage implements Stage {

    private final AnsibleRunner ansible;
    private final Path playbook;
    private final Path hostsRoot;
    private final Duration timeout;
    private final String actuatorToken;
    private final TrafficSources traffic;
    private final Clock clock;

    /**
     * @param hostsRoot     where the simulated hosts of {@code install: local} environments keep their files
     * @param actuatorToken the fleet's {@code BMO_ACTUATOR_TOKEN} (empty: none): the playbook configures the hosts
     *                      with it and sends it when it verifies them, and the canary analysis reads their
     *                      counters with it
     */
    public RolloutStage(AnsibleRunner ansible, Path playbook, Path hostsRoot, Duration timeout, String actuatorToken) {
        this(ansible, playbook, hostsRoot, timeout, actuatorToken, null, Clock.systemUTC());
    }

    /** @param traffic where the canary analysis reads the hosts' traffic (null: their Actuator, with the token) */
    public RolloutStage(AnsibleRunner ansible, Path playbook, Path hostsRoot, Duration timeout, String actuatorToken,
            TrafficSources traffic, Clock clock) {
        this.ansible = ansible;
        this.playbook = playbook;
        this.hostsRoot = hostsRoot;
        this.timeout = timeout;
        this.actuatorToken = actuatorToken == null ? "" : actuatorToken;
        this.clock = clock;
        this.traffic = traffic != null ? traffic : TrafficSources.actuator(
                new ActuatorClient(Duration.ofSeconds(2), Optional.of(this.actuatorToken)), clock);
    }

    public RolloutStage(AnsibleRunner ansible, Path playbook, Path hostsRoot, Duration timeout) {
        this(ansible, playbook, hostsRoot, timeout, "");
    }

    @Override
    public String name() {
        return "deploy";
    }

    @Override
    public StageResult run(DeployContext ctx) throws Exception {
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("bmo_deploy_id", ctx.id());
        vars.put("bmo_repo", ctx.repo().toAbsolutePath().toString());
        vars.put("bmo_service", ctx.service().name());
        vars.put("bmo_package", ctx.service().packageName());
        vars.put("bmo_version", ctx.version());
        vars.put("bmo_commit", ctx.commit());
        vars.put("bmo_app_version", ctx.appVersion() == null ? "" : ctx.appVersion());
        vars.put("bmo_install_method", ctx.env().install());
        vars.put("bmo_env", ctx.env().name());
        vars.put("bmo_jar", ctx.service().jar());
        vars.put("bmo_port_env", ctx.service().portEnv());
        vars.put("bmo_default_port", ctx.service().port());
        vars.put("bmo_health_path", ctx.service().healthPath());
        vars.put("bmo_info_path", ctx.service().infoPath());
        vars.put("bmo_serial", ctx.env().serial());
        vars.put("bmo_max_fail_percentage", ctx.env().maxFailPercentage());
        if (ctx.env().isLocal()) {
            vars.put("bmo_deb", published(ctx).toAbsolutePath().toString());
            vars.put("bmo_hosts_root", hostsRoot.toAbsolutePath().toString());
        } else {
            // real hosts install from the repository's URL (the publish stage's repo= is a directory on
            // this machine) and trust only the key that signed it, copied from here
            if (ctx.env().aptRepo().isBlank()) {
                throw new StageFailure("the environment " + ctx.env().name()
                        + " installs with apt but the catalog gives it no apt_repo (the URL its hosts reach)");
            }
            vars.put("bmo_apt_repo", ctx.env().aptRepo());
            if (ctx.aptKey() != null) {
                vars.put("bmo_apt_key", ctx.aptKey());
            }
        }
        SshSettings ssh = SshSettings.of(ctx.env(), ctx.repo());
        Map<String, String> environment = new LinkedHashMap<>(ssh.ansibleEnvironment());
        environment.put("BMO_ACTUATOR_TOKEN", actuatorToken);
        PlaybookRun playbooks = new PlaybookRun(ansible, timeout, ctx, vars, environment, ssh);
        if (ctx.env().analysis().enabled()) {
            return new JudgedRollout(ctx, playbooks, playbook, traffic, clock).run();
        }
        // no analysis: one run, Ansible's serial makes the batches
        playbooks.run(playbook, ctx.hosts(), "ansible");
        return StageResult.passed(ctx.hosts().size() + " host(s) in batches of " + ctx.env().serial());
    }

    /**
     * Simulated hosts install the very file the publish stage put into the environment's
     * repository (its pool), when the repository is a local directory; else the built file.
     */
    private static Path published(DeployContext ctx) throws java.io.IOException {
        if (ctx.aptRepo() != null && !ctx.aptRepo().contains("://") && Files.isDirectory(Path.of(ctx.aptRepo()))) {
            String name = ctx.deb().getFileName().toString();
            try (Stream<Path> pool = Files.walk(Path.of(ctx.aptRepo(), "pool"))) {
                Optional<Path> found = pool.filter(p -> p.getFileName().toString().equals(name)).findFirst();
                if (found.isPresent()) {
                    ctx.log("installing " + name + " from the published repository " + ctx.aptRepo());
                    return found.get();
                }
            }
        }
        return ctx.deb();
    }
}

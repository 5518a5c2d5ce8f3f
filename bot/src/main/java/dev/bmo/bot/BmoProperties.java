package dev.bmo.bot;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * BMO's own settings (application.yml maps each to its BMO_... variable).
 *
 * <p>Paths are bound as text and turned into paths here: Spring's own String-to-Path conversion
 * (PathEditor) looks a relative path up on the classpath first, so {@code BMO_CATALOG=catalog.yml}
 * could load some other {@code catalog.yml} than the repository's.
 *
 * @param repo            the repository BMO deploys from (builds use worktrees of it)
 * @param catalog         the service catalog, relative to the repository
 * @param stateDir        local state: the embedded database, per-deploy artifacts (deploys/&lt;id&gt;/)
 * @param hostsDir        where the simulated hosts of the local environment keep their files
 * @param playbook        the deploy playbook, relative to the repository
 * @param ansiblePlaybook the ansible-playbook executable
 * @param ansibleTimeout  a rollout running longer is killed with its process tree
 * @param buildOffline    run Maven with -o (everything must be in ~/.m2 already)
 * @param buildTimeout    limit for the build and for the packaging
 * @param queuePoll       how often queued deploys look for a free lock and approvals for expiry
 * @param approvalTimeout a deploy waiting longer for approval expires
 * @param healthTimeout   per request when verifying a host
 */
@ConfigurationProperties("bmo")
public record BmoProperties(String repo, String catalog, String stateDir, String hostsDir, String playbook,
        String ansiblePlaybook, Duration ansibleTimeout, boolean buildOffline, Duration buildTimeout,
        Duration queuePoll, Duration approvalTimeout, Duration healthTimeout) {

    @ConstructorBinding
    public BmoProperties {
    }

    /** The same settings with paths given as paths (for code and tests). */
    public BmoProperties(Path repo, Path catalog, Path stateDir, Path hostsDir, Path playbook, String ansiblePlaybook,
            Duration ansibleTimeout, boolean buildOffline, Duration buildTimeout, Duration queuePoll,
            Duration approvalTimeout, Duration healthTimeout) {
        this(repo.toString(), catalog.toString(), stateDir.toString(), hostsDir.toString(), playbook.toString(),
                ansiblePlaybook, ansibleTimeout, buildOffline, buildTimeout, queuePoll, approvalTimeout,
                healthTimeout);
    }

    public Path repoDir() {
        return Path.of(repo).toAbsolutePath().normalize();
    }

    /** A setting's path: absolute as given, or relative to the repository. */
    public Path resolve(String p) {
        return repoDir().resolve(p).normalize();
    }

    /** A path: absolute as given, or relative to the repository. */
    public Path resolve(Path p) {
        return repoDir().resolve(p).normalize();
    }
}

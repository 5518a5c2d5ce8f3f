package dev.bmo.bot;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * BMO's own settings (application.yml maps each to its BMO_... variable).
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
public record BmoProperties(Path repo, Path catalog, Path stateDir, Path hostsDir, Path playbook,
        String ansiblePlaybook, Duration ansibleTimeout, boolean buildOffline, Duration buildTimeout,
        Duration queuePoll, Duration approvalTimeout, Duration healthTimeout) {

    public Path repoDir() {
        return repo.toAbsolutePath().normalize();
    }

    /** A setting's path: absolute as given, or relative to the repository. */
    public Path resolve(Path p) {
        return repoDir().resolve(p).normalize();
    }
}

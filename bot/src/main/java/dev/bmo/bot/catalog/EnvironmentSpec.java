package dev.bmo.bot.catalog;

import java.util.List;

/**
 * One environment of the catalog.
 *
 * @param name                 the name used in commands ({@code to production})
 * @param inventory            the Ansible inventory, relative to the repository root
 * @param defaultBranch        what {@code deploy <service>} builds when no ref is named
 * @param install              {@code local} (simulated hosts on this machine) or {@code apt} (signed repository)
 * @param deployers            who may deploy and lock: {@code *} (anyone), a user id, or {@code @group}
 * @param approvers            who may approve when approval is required (defaults to the deployers)
 * @param approval             whether a second person must approve each deploy
 * @param requireDefaultBranch pre-deploy check: the commit must be on the default branch ({@code !} skips it)
 * @param serial               Ansible {@code serial}: hosts per batch, a number or a percentage
 * @param maxFailPercentage    Ansible {@code max_fail_percentage}: 0 stops at the first failing host
 * @param aptRepo              where the environment's hosts find the signed apt repository (apt installs)
 * @param sshKey               the private key BMO's Ansible logs in with (empty: ssh's own default and agent)
 * @param knownHosts           the known_hosts file holding the hosts' keys (empty: ssh's own); host keys are
 *                             always checked, so a host missing from it or with another key is refused
 * @param analysis             how each batch of a rollout is judged by live traffic ({@link AnalysisSpec})
 */
public record EnvironmentSpec(String name, String inventory, String defaultBranch, String install,
        List<String> deployers, List<String> approvers, boolean approval, boolean requireDefaultBranch,
        String serial, int maxFailPercentage, String aptRepo, String sshKey, String knownHosts,
        AnalysisSpec analysis) {

    public boolean isLocal() {
        return "local".equals(install);
    }
}

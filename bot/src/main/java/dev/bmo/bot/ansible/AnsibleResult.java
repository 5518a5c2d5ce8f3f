package dev.bmo.bot.ansible;

import dev.bmo.bot.ansible.AnsibleEvent.HostStats;
import java.util.List;
import java.util.Map;

/**
 * How a run ended, decided from the events and the final stats rather than the exit code alone
 * (ansible-playbook exits 4 both for unreachable hosts and for a playbook it cannot parse).
 *
 * @param status     successful, failed, timeout or canceled (ansible-runner's words)
 * @param stats      the final recap per host (empty when Ansible never got that far)
 * @param notReached hosts of the limit that the run never touched (a rollout stopped before them)
 * @param problem    what went wrong, for people, when the status is not successful
 */
public record AnsibleResult(String status, int rc, Map<String, HostStats> stats, List<String> failedHosts,
        List<String> notReached, String problem) {

    public boolean successful() {
        return "successful".equals(status);
    }
}

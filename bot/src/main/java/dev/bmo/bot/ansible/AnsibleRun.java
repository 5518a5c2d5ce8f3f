package dev.bmo.bot.ansible;

import dev.bmo.bot.process.Cancellation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One {@code ansible-playbook} run.
 *
 * @param playbook     the playbook file
 * @param inventory    the environment's inventory
 * @param limit        the exact hosts to touch (validated names, passed with {@code --limit})
 * @param extraVars    variables, written to a JSON file and passed as {@code -e @file}
 * @param artifactsDir where the run keeps its command, variables, events, stdout, stderr, rc and status
 * @param timeout      after this the whole process tree is killed
 * @param environment  extra environment of the run (SSH settings, secrets the playbook reads with lookup('env'));
 *                     never written to the artifacts
 */
public record AnsibleRun(Path playbook, Path inventory, List<String> limit, Map<String, Object> extraVars,
        Path artifactsDir, Duration timeout, Cancellation cancellation, Map<String, String> environment) {

    public AnsibleRun(Path playbook, Path inventory, List<String> limit, Map<String, Object> extraVars,
            Path artifactsDir, Duration timeout, Cancellation cancellation) {
        this(playbook, inventory, limit, extraVars, artifactsDir, timeout, cancellation, Map.of());
    }
}

package dev.bmo.bot.support;

import dev.bmo.bot.ansible.AnsibleRunner;
import dev.bmo.bot.deploy.DeployPipeline;
import dev.bmo.bot.deploy.HealthProbe;
import dev.bmo.bot.deploy.stage.BuildStage;
import dev.bmo.bot.deploy.stage.ChecksStage;
import dev.bmo.bot.deploy.stage.PackageStage;
import dev.bmo.bot.deploy.stage.PublishStage;
import dev.bmo.bot.deploy.stage.RecordStage;
import dev.bmo.bot.deploy.stage.ResolveStage;
import dev.bmo.bot.deploy.stage.RolloutStage;
import dev.bmo.bot.deploy.stage.VerifyStage;
import dev.bmo.bot.history.DeployHistory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The production pipeline (as BotConfiguration builds it) for simulated hosts: an offline Maven build,
 * the real packaging, an aptly repository of the test's own, this repository's playbooks.
 */
public final class RealPipeline {

    private RealPipeline() {
    }

    /**
     * @param aptRoot   the test's aptly state and published repositories
     * @param hostsRoot where the simulated hosts keep their files
     * @param token     the fleet's Actuator token ("" for none)
     */
    public static DeployPipeline forLocalHosts(Path aptRoot, Path hostsRoot, String token, HealthProbe probe,
            DeployHistory history) {
        return new DeployPipeline(List.of(new ResolveStage(), new ChecksStage(),
                new BuildStage(Map.of("BMO_MAVEN_ARGS", "-o"), Duration.ofMinutes(10)),
                new PackageStage(Duration.ofMinutes(10), Map.of()),
                new PublishStage(Duration.ofMinutes(3), Map.of("BMO_APT_ROOT", aptRoot.toString())),
                new RolloutStage(new AnsibleRunner("ansible-playbook"),
                        TestBot.repoRoot().resolve("playbooks/deploy.yml"), hostsRoot, Duration.ofMinutes(8), token),
                new VerifyStage(probe), new RecordStage(history)));
    }
}

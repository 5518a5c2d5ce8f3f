package dev.bmo.bot.deploy;

import java.util.List;

/** The ordered stages every deploy goes through; one bean, so a test or an environment can swap stages. */
public record DeployPipeline(List<Stage> stages) {

    public DeployPipeline {
        stages = List.copyOf(stages);
    }

    public List<String> names() {
        return stages.stream().map(Stage::name).toList();
    }
}

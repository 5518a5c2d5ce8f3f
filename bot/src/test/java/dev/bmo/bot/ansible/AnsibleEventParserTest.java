package dev.bmo.bot.ansible;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AnsibleEventParserTest {

    static final String CHECK = "Validating arguments against arg spec 'main' - the host runs what BMO built";

    @Test
    void aRolesPassingArgumentCheckIsNotNewsButItsFailureIs() {
        assertThat(AnsibleEventParser.parse("{\"_event\":\"v2_playbook_on_task_start\",\"task\":{\"name\":\"" + CHECK
                + "\"}}")).isEmpty();
        assertThat(AnsibleEventParser.parse("{\"_event\":\"v2_runner_on_ok\",\"task\":{\"name\":\"" + CHECK
                + "\"},\"hosts\":{\"h1\":{\"changed\":false,\"action\":\"validate_argument_spec\"}}}")).isEmpty();
        assertThat(AnsibleEventParser.parse("{\"_event\":\"v2_runner_on_failed\",\"task\":{\"name\":\"" + CHECK
                + "\"},\"hosts\":{\"h1\":{\"msg\":\"missing required arguments: bmo_commit\"}}}"))
                .containsExactly(new AnsibleEvent.HostOutcome("h1", CHECK, AnsibleEvent.Outcome.FAILED,
                        "missing required arguments: bmo_commit"));
        assertThat(AnsibleEventParser.parse("{\"_event\":\"v2_playbook_on_task_start\",\"task\":{\"name\":\"restart\"}}"))
                .containsExactly(new AnsibleEvent.TaskStarted("restart"));
    }
}

package dev.bmo.bot.deploy.stage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The batches BMO runs one by one for a judged rollout are the ones Ansible's serial would make. */
class JudgedRolloutBatchesTest {

    private static final List<String> HOSTS = List.of("a", "b", "c", "d", "e");

    @Test
    void aNumberOrAPercentageOfTheHostsAtLeastOne() {
        assertThat(JudgedRollout.batches(HOSTS, "2")).containsExactly(List.of("a", "b"), List.of("c", "d"), List.of("e"));
        assertThat(JudgedRollout.batches(HOSTS, "1")).hasSize(5);
        assertThat(JudgedRollout.batches(HOSTS, "25%")).hasSize(5); // 25% of 5 is 1.25: one host a batch
        assertThat(JudgedRollout.batches(HOSTS, "50%")).containsExactly(List.of("a", "b"), List.of("c", "d"),
                List.of("e"));
        assertThat(JudgedRollout.batches(HOSTS, "100%")).containsExactly(HOSTS);
        assertThat(JudgedRollout.batches(HOSTS, "10")).containsExactly(HOSTS);
        assertThat(JudgedRollout.batches(List.of("a"), "10%")).containsExactly(List.of("a"));
    }
}

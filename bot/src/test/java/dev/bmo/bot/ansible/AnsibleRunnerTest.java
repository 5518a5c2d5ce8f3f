package dev.bmo.bot.ansible;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bmo.bot.process.Cancellation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner against the real ansible-playbook: outcomes decided from events and stats, not the exit code alone. */
@Tag("slow") // minutes of real rollouts, packaging, fleets or corpora: ./test --fast leaves it out
class AnsibleRunnerTest {

    @TempDir
    Path dir;

    private Path inventory() throws Exception {
        Path inv = dir.resolve("hosts.yml");
        Files.writeString(inv, """
                all:
                  vars: {ansible_connection: local, ansible_python_interpreter: /usr/bin/python3}
                  children:
                    svc:
                      hosts: {a: {}, b: {}}
                """);
        return inv;
    }

    @Test
    void aRunThatTakesTooLongIsKilledWithItsWholeProcessTree() throws Exception {
        Path playbook = dir.resolve("slow.yml");
        Path marker = dir.resolve("sleeping");
        Files.writeString(playbook, """
                - hosts: svc
                  gather_facts: false
                  tasks:
                    - name: a step that hangs
                      ansible.builtin.shell: "echo $$ > %s.{{ inventory_hostname }}; exec sleep 300"
                """.formatted(marker));
        List<AnsibleEvent> events = new ArrayList<>();
        Instant start = Instant.now();
        AnsibleResult r = new AnsibleRunner("ansible-playbook").run(new AnsibleRun(playbook, inventory(),
                List.of("a"), Map.of(), dir.resolve("run"), Duration.ofSeconds(8), new Cancellation()), events::add);
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(40));
        assertThat(r.status()).isEqualTo("timeout");
        assertThat(r.problem()).contains("killed with its children");
        assertThat(events).anySatisfy(e -> assertThat(e).isEqualTo(new AnsibleEvent.TaskStarted("a step that hangs")));
        long sleeper = Long.parseLong(Files.readString(Path.of(marker + ".a")).strip());
        assertThat(ProcessHandle.of(sleeper).map(ProcessHandle::isAlive).orElse(false))
                .as("the sleep that ansible started is gone too").isFalse();
        assertThat(Files.readString(dir.resolve("run/status"))).isEqualTo("timeout");
    }

    @Test
    void aPlaybookAnsibleCannotParseFailsWithItsErrorEvenWithoutAnyHostResult() throws Exception {
        Path playbook = dir.resolve("broken.yml");
        Files.writeString(playbook, "- hosts: svc\n  tasks:\n    - name: x\n      no_such_module_anywhere: {}\n");
        AnsibleResult r = new AnsibleRunner("ansible-playbook").run(new AnsibleRun(playbook, inventory(), List.of(),
                Map.of("bmo_x", "y"), dir.resolve("run"), Duration.ofMinutes(1), new Cancellation()), e -> { });
        assertThat(r.status()).isEqualTo("failed");
        assertThat(r.rc()).isNotZero();
        assertThat(r.stats()).isEmpty();
        assertThat(r.problem()).contains("without a recap").contains("no_such_module_anywhere");
        assertThat(Files.readString(dir.resolve("run/extravars.json"))).contains("\"bmo_x\"");
        assertThat(Files.readString(dir.resolve("run/command"))).contains("ansible-playbook").contains("@");
    }

    @Test
    void hostsFailingAndUnreachableAreNamedFromTheEvents() throws Exception {
        Path playbook = dir.resolve("mixed.yml");
        Files.writeString(playbook, """
                - hosts: svc
                  gather_facts: false
                  tasks:
                    - name: fails on b
                      ansible.builtin.command: /bin/false
                      when: inventory_hostname == 'b'
                """);
        List<AnsibleEvent> events = new ArrayList<>();
        AnsibleResult r = new AnsibleRunner("ansible-playbook").run(new AnsibleRun(playbook, inventory(),
                List.of("a", "b"), Map.of(), dir.resolve("run"), Duration.ofMinutes(1), new Cancellation()),
                events::add);
        assertThat(r.status()).isEqualTo("failed");
        assertThat(r.failedHosts()).containsExactly("b");
        assertThat(r.stats().get("a").failed()).isFalse();
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(AnsibleEvent.HostOutcome.class, h -> {
            assertThat(h.host()).isEqualTo("b");
            assertThat(h.outcome()).isEqualTo(AnsibleEvent.Outcome.FAILED);
            assertThat(h.message()).contains("non-zero return code");
        }));
    }
}

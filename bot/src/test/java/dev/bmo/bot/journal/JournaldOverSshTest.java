package dev.bmo.bot.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bmo.bot.ansible.SshSettings;
import dev.bmo.bot.catalog.Inventory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ssh command BMO runs for a real host's journal: what the inventory says, host keys checked, fixed remote words. */
@Tag("slow") // an SSH server: ./test --fast leaves it out
class JournaldOverSshTest {

    @TempDir
    Path dir;

    private Inventory inventory(String hostVars) throws Exception {
        Path file = dir.resolve("hosts.yml");
        Files.writeString(file, """
                all:
                  vars:
                    ansible_user: deploy
                    ansible_become: true
                  children:
                    resizer:
                      hosts:
                        lab-resizer-1: %s
                """.formatted(hostVars));
        return Inventory.load(file);
    }

    @Test
    void theCommandIsAnArgumentListWithOnlyWhatBmoBuilt() throws Exception {
        SshSettings ssh = new SshSettings(Path.of("/etc/bmo/ssh/id_ed25519"), Path.of("/etc/bmo/ssh/known_hosts"));
        JournaldOverSsh source = new JournaldOverSsh(inventory("{ansible_host: 10.77.0.11, ansible_port: 2222}"), ssh,
                "bmo-resizer", dir, Duration.ofSeconds(5));
        List<String> argv = source.command("lab-resizer-1", Instant.ofEpochSecond(1796148000L, 999), 2000);
        assertThat(argv).containsExactly("ssh", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
                "-o", "UserKnownHostsFile=/etc/bmo/ssh/known_hosts", "-i", "/etc/bmo/ssh/id_ed25519",
                "-o", "IdentitiesOnly=yes", "-o", "ControlMaster=no", "-o", "ControlPath=none", "-o", "ConnectTimeout=10",
                "-o", "ServerAliveInterval=5", "-o", "ServerAliveCountMax=2", "-p", "2222", "-l", "deploy", "--",
                "10.77.0.11", "'sudo'", "'-n'", "'journalctl'", "'-u'", "'bmo-resizer'", "'-o'", "'json'",
                "'--output-fields=MESSAGE,PRIORITY'", "'--since=@1796148000'", "'--no-pager'", "'-q'", "'-n'", "'2000'");
    }

    @Test
    void withoutBecomeOrSettingsSshsOwnDefaultsAreUsed() throws Exception {
        Path file = dir.resolve("plain.yml");
        Files.writeString(file, "all:\n  children:\n    resizer:\n      hosts:\n        r1.example.org:\n");
        List<String> argv = new JournaldOverSsh(Inventory.load(file), new SshSettings(null, null), "bmo-resizer", dir,
                Duration.ofSeconds(5)).command("r1.example.org", Instant.ofEpochSecond(10), 5);
        assertThat(argv).doesNotContain("-i", "-l", "-p", "'sudo'").contains("StrictHostKeyChecking=yes")
                .containsSubsequence("--", "r1.example.org", "'journalctl'");
    }

    @Test
    void anythingOddInTheInventoryOrCatalogIsRefusedNotPassedOn() throws Exception {
        SshSettings ssh = new SshSettings(null, null);
        assertThatThrownBy(() -> new JournaldOverSsh(inventory("{ansible_host: 10.0.0.1}"), ssh, "bmo-x;reboot", dir,
                Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        JournaldOverSsh odd = new JournaldOverSsh(inventory("{ansible_host: '-oProxyCommand=id'}"), ssh, "bmo-resizer",
                dir, Duration.ofSeconds(1));
        assertThat(odd.read("lab-resizer-1", Instant.EPOCH, 10).problem()).contains("not one BMO connects to");
    }
}

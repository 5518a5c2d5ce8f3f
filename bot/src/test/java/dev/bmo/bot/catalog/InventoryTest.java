package dev.bmo.bot.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bmo.bot.support.TestBot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The inventory as Ansible reads it: group_vars/ and host_vars/ count, merged by Ansible's precedence. */
@Tag("slow") // runs ansible-inventory: ./test --fast leaves it out
class InventoryTest {

    @TempDir
    Path dir;

    @Test
    void groupAndHostVarsFilesMeanToBmoWhatTheyMeanToAnsible() throws Exception {
        Path file = dir.resolve("hosts.yml");
        Files.writeString(file, """
                all:
                  vars: {ansible_user: deploy}
                  children:
                    resizer:
                      hosts:
                        r1: {http_port: 1001}
                        r2:
                        r3:
                    load_balancer:
                      hosts:
                        lb1:
                """);
        Files.createDirectories(dir.resolve("group_vars"));
        Files.createDirectories(dir.resolve("host_vars"));
        Files.writeString(dir.resolve("group_vars/all.yml"), "ansible_user: ops\nansible_become: true\n");
        Files.writeString(dir.resolve("group_vars/resizer.yml"), "http_port: 8182\nansible_port: 2222\n");
        Files.writeString(dir.resolve("host_vars/r3.yml"), "ansible_host: 10.0.0.3\nhttp_port: 9003\n");

        Inventory inv = Inventory.load(file);
        assertThat(inv.hostsOf("resizer")).containsExactly("r1", "r2", "r3");
        assertThat(inv.httpPort("r1", 8082)).as("the host's own variable wins over its group's").isEqualTo(1001);
        assertThat(inv.httpPort("r2", 8082)).as("group_vars/resizer.yml").isEqualTo(8182);
        assertThat(inv.httpPort("r3", 8082)).as("host_vars/r3.yml").isEqualTo(9003);
        assertThat(inv.address("r3")).isEqualTo("10.0.0.3");
        assertThat(inv.var("r2", "ansible_port")).isEqualTo("2222");
        assertThat(inv.var("lb1", "ansible_port")).isNull();
        assertThat(inv.var("r2", "ansible_become")).isEqualTo("true");
        assertThat(inv.targets("resizer", "test", List.of("r2"))).containsExactly("r2");

        // the same values Ansible itself holds for every host and variable
        JsonNode ansible = ansibleInventory(file);
        for (String host : List.of("r1", "r2", "r3", "lb1")) {
            for (var v : ansible.path("_meta").path("hostvars").path(host).properties()) {
                assertThat(inv.var(host, v.getKey())).as(host + " " + v.getKey()).isEqualTo(v.getValue().asString());
            }
        }
        // Ansible's precedence: an inventory file's 'all' vars lose to group_vars/all.yml
        assertThat(inv.var("r1", "ansible_user")).isEqualTo(ansible.path("_meta").path("hostvars").path("r1")
                .path("ansible_user").asString());
    }

    @Test
    void theRepositorysInventoriesAreToBmoWhatTheyAreToAnsibleGroupVarsIncluded() throws Exception {
        Path inventories = TestBot.repoRoot().resolve("playbooks/inventories");
        for (String env : List.of("local", "lab", "staging", "production")) {
            Path file = inventories.resolve(env + "/hosts.yml");
            Inventory inv = Inventory.load(file);
            JsonNode ansible = ansibleInventory(file);
            JsonNode hostvars = ansible.path("_meta").path("hostvars");
            assertThat(hostvars.propertyNames()).as(env).isNotEmpty();
            for (String host : hostvars.propertyNames()) {
                assertThat(inv.hasHost(host)).as(env + " " + host).isTrue();
                for (var v : hostvars.path(host).properties()) {
                    String value = v.getValue().isValueNode() ? v.getValue().asString() : v.getValue().toString();
                    assertThat(inv.var(host, v.getKey())).as(env + " " + host + " " + v.getKey()).isEqualTo(value);
                }
            }
            for (String group : List.of("resizer", "media", "converter", "api")) {
                List<String> hosts = new java.util.ArrayList<>();
                ansible.path(group).path("hosts").forEach(h -> hosts.add(h.asString()));
                assertThat(inv.hostsOf(group)).as(env + " " + group).isEqualTo(hosts);
            }
        }
        // a setting only group_vars/ holds: BMO reads it now (it did not before)
        Inventory production = Inventory.load(inventories.resolve("production/hosts.yml"));
        String host = production.hostsOf("media").get(0);
        assertThat(production.var(host, "bmo_service_env")).isNotNull();
    }

    private static JsonNode ansibleInventory(Path file) throws Exception {
        Process p = new ProcessBuilder("ansible-inventory", "-i", file.toString(), "--list")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        JsonNode list = JsonMapper.builder().build().readTree(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).isZero();
        return list;
    }

    @Test
    void aLoadIsReusedUntilTheInventoryOrItsVarsFilesChange() throws Exception {
        Path file = dir.resolve("hosts.yml");
        Files.writeString(file, "all:\n  children:\n    resizer:\n      hosts:\n        r1:\n");
        Files.createDirectories(dir.resolve("group_vars"));
        Path vars = dir.resolve("group_vars/resizer.yml");
        Files.writeString(vars, "http_port: 1001\n");
        Inventory first = Inventory.load(file);
        assertThat(Inventory.load(file)).isSameAs(first);

        Files.writeString(vars, "http_port: 1002\n");
        Files.setLastModifiedTime(vars, FileTime.from(Instant.now().plusSeconds(5)));
        Inventory second = Inventory.load(file);
        assertThat(second).isNotSameAs(first);
        assertThat(second.httpPort("r1", 1)).isEqualTo(1002);

        Files.writeString(dir.resolve("group_vars/all.yml"), "http_port: 1003\n");
        assertThat(Inventory.load(file)).as("a new vars file").isNotSameAs(second);
    }

    @Test
    void anInventoryAnsibleRefusesIsAnErrorWithAnsiblesReason() throws Exception {
        Path file = dir.resolve("hosts.yml");
        Files.writeString(file, "all:\n  children:\n    resizer:\n      hosts: [r1, r2]\n");
        assertThatThrownBy(() -> Inventory.load(file))
                .isInstanceOf(CatalogException.class)
                .hasMessageStartingWith("cannot read the inventory " + file + ": ansible-inventory failed")
                .hasMessageContaining("requires a dictionary");
    }
}

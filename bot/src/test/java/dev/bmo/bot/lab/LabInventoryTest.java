package dev.bmo.bot.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bmo.bot.catalog.Catalog;
import dev.bmo.bot.catalog.CatalogLoader;
import dev.bmo.bot.catalog.EnvironmentSpec;
import dev.bmo.bot.support.TestBot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The lab is production with other addresses: its inventory differs from production's only in host
 * names and ansible_host, and both (and staging's) are read by Ansible itself and pass the deploy
 * playbook's syntax check.
 */
@Tag("slow") // ansible-inventory over every real inventory: ./test --fast leaves it out
class LabInventoryTest {

    private static final Path ROOT = TestBot.repoRoot();
    private static final Path INVENTORIES = ROOT.resolve("playbooks/inventories");
    /** A host line: its name, then nothing but its address. */
    private static final Pattern HOST_LINE = Pattern.compile("^ {8}[a-z0-9.-]+: \\{(ansible_host: [0-9.]+)?}$");

    /** hosts.yml without comments and with every host line made alike. */
    private static List<String> shape(String env) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(INVENTORIES.resolve(env).resolve("hosts.yml"))) {
            if (line.isBlank() || line.strip().startsWith("#")) {
                continue;
            }
            String shaped = HOST_LINE.matcher(line).matches() ? "        <host>" : line;
            if (!(shaped.equals("        <host>") && !out.isEmpty() && out.get(out.size() - 1).equals(shaped))) {
                out.add(shaped);
            }
        }
        return out;
    }

    @Test
    void theLabAndProductionInventoriesDifferOnlyInHostNamesAndAddresses() throws IOException {
        assertThat(shape("lab")).isEqualTo(shape("production")).isEqualTo(shape("staging"));
        // every host line of the lab is a name and an address, nothing else
        assertThat(Files.readAllLines(INVENTORIES.resolve("lab/hosts.yml")).stream()
                .filter(l -> l.startsWith("        lab-"))).allMatch(l -> HOST_LINE.matcher(l).matches())
                .hasSize(9);
    }

    @Test
    void theLabAndProductionSetTheSameSettingsPerGroupWhereTheirValuesDiffer() throws IOException {
        YAMLMapper yaml = YAMLMapper.builder().build();
        for (String group : List.of("all", "media", "converter", "resizer", "api")) {
            Set<String> lab = keys(yaml, INVENTORIES.resolve("lab/group_vars/" + group + ".yml"));
            Set<String> production = keys(yaml, INVENTORIES.resolve("production/group_vars/" + group + ".yml"));
            // the lab's only settings of its own: JVMs bounded, as its hosts share one machine's memory
            lab.removeAll(Set.of("bmo_java_opts", "bmo_lab_java_opts"));
            assertThat(lab).as(group).isEqualTo(production);
        }
    }

    private static Set<String> keys(YAMLMapper yaml, Path file) throws IOException {
        Set<String> keys = new TreeSet<>();
        yaml.readTree(Files.readString(file)).propertyNames().forEach(keys::add);
        return keys;
    }

    @Test
    void ansibleReadsEachRealInventoryWithEveryServiceGroupAndOneLoadBalancer() throws Exception {
        Catalog catalog = CatalogLoader.load(ROOT.resolve("bot/catalog.yml"));
        for (String env : List.of("lab", "staging", "production")) {
            JsonNode inv = JsonMapper.builder().build().readTree(run("ansible-inventory", "-i",
                    INVENTORIES.resolve(env + "/hosts.yml").toString(), "--list"));
            for (String service : catalog.services().keySet()) {
                assertThat(inv.path(service).path("hosts").size()).as(env + " " + service).isGreaterThanOrEqualTo(2);
                String host = inv.path(service).path("hosts").get(0).asString();
                JsonNode vars = inv.path("_meta").path("hostvars").path(host);
                assertThat(vars.path("ansible_user").asString()).isEqualTo("deploy");
                assertThat(vars.path("bmo_actuator_token_required").asBoolean()).isTrue();
                assertThat(vars.path("bmo_service_env").isMissingNode()).as("group_vars/ read").isFalse();
            }
            assertThat(inv.path("load_balancer").path("hosts").size()).as(env).isEqualTo(1);
            for (String service : catalog.services().keySet()) {
                run("ansible-playbook", "--syntax-check", "-i", INVENTORIES.resolve(env + "/hosts.yml").toString(),
                        "-e", "bmo_service=" + service, ROOT.resolve("playbooks/deploy.yml").toString());
            }
        }
    }

    @Test
    void theCatalogsLabEnvironmentInstallsWithAptOverSshWithCheckedHostKeys() {
        EnvironmentSpec lab = CatalogLoader.load(ROOT.resolve("bot/catalog.yml")).environments().get("lab");
        assertThat(lab.install()).isEqualTo("apt");
        assertThat(lab.inventory()).isEqualTo("playbooks/inventories/lab/hosts.yml");
        assertThat(lab.aptRepo()).startsWith("http://10.77.0.1:");
        assertThat(lab.sshKey()).isNotBlank();
        assertThat(lab.knownHosts()).isNotBlank();
    }

    private static String run(String... argv) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(false);
        pb.environment().put("ANSIBLE_ROLES_PATH", ROOT.resolve("playbooks/roles").toString());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", argv) + ": " + err).isZero();
        return out;
    }
}

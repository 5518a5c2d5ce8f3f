package dev.bmo.bot.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bmo.bot.command.Caller;
import dev.bmo.bot.permission.Permissions;
import dev.bmo.bot.support.TestBot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogLoaderTest {

    @TempDir
    Path dir;

    @Test
    void theRepositorysCatalogAndInventoriesAgree() {
        Path root = TestBot.repoRoot();
        Catalog catalog = CatalogLoader.load(root.resolve("bot/catalog.yml"));
        assertThat(catalog.serviceNames()).containsExactlyInAnyOrder("resizer", "media", "converter", "api");
        assertThat(catalog.environmentNames()).containsExactlyInAnyOrder("local", "lab", "staging", "production");
        for (EnvironmentSpec env : catalog.environments().values()) {
            Inventory inventory = Inventory.load(root.resolve(env.inventory()));
            for (String service : catalog.serviceNames()) {
                assertThat(inventory.hostsOf(service)).as("%s hosts in %s", service, env.name()).isNotEmpty();
            }
        }
        Inventory local = Inventory.load(root.resolve("playbooks/inventories/local/hosts.yml"));
        assertThat(local.hostsOf("resizer")).containsExactly("resizer-1", "resizer-2", "resizer-3");
        assertThat(local.httpPort("resizer-2", 8082)).isEqualTo(18182);
        assertThat(local.httpPort("converter-3", 8083)).isEqualTo(18283);
        assertThat(local.address("media-1")).isEqualTo("127.0.0.1");
        EnvironmentSpec production = catalog.environment("production").orElseThrow();
        assertThat(production.approval()).isTrue();
        assertThat(production.requireDefaultBranch()).isTrue();
        assertThat(catalog.service("resizer").orElseThrow().jar()).isEqualTo("opt/bmo/resizer/bmo-resizer.jar");
    }

    @Test
    void eachServiceIsTheModuleAndPackageItsCatalogEntrySays() throws Exception {
        // the catalog is the one place that says so: BMO passes them to packaging/build-artifacts,
        // which also reads them from the catalog when run by hand
        Path root = TestBot.repoRoot();
        for (ServiceSpec s : CatalogLoader.load(root.resolve("bot/catalog.yml")).services().values()) {
            String pom = Files.readString(root.resolve(s.module()).resolve("pom.xml"));
            assertThat(pom).as(s.name()).contains("<artifactId>" + s.packageName() + "</artifactId>");
            assertThat(root.resolve("packaging/services/" + s.packageName() + ".properties")).as(s.name()).exists();
            assertThat(s.build()).isEqualTo(ServiceSpec.OWN_BUILD);
        }
    }

    @Test
    void permissionsComeFromUsersGroupsAndTheChatsOwnGroups() {
        Catalog catalog = CatalogLoader.load(TestBot.repoRoot().resolve("bot/catalog.yml"));
        Permissions p = new Permissions(catalog);
        EnvironmentSpec production = catalog.environment("production").orElseThrow();
        EnvironmentSpec local = catalog.environment("local").orElseThrow();
        assertThat(p.mayDeploy(new Caller("root", Set.of()), production).allowed()).as("catalog group").isTrue();
        assertThat(p.mayDeploy(new Caller("U0ALICE", Set.of("sre")), production).allowed()).as("chat group").isTrue();
        assertThat(p.mayDeploy(new Caller("mallory", Set.of("designers")), production).reason())
                .contains("mallory may not deploy to production");
        assertThat(p.mayDeploy(new Caller("mallory", Set.of()), local).allowed()).isTrue();
        assertThat(p.mayApprove(new Caller("root", Set.of()), production, "root").reason())
                .contains("cannot approve their own");
        assertThat(p.mayApprove(new Caller("U0ALICE", Set.of("sre")), production, "root").allowed()).isTrue();
    }

    @Test
    void mistakesAreNamedWithTheFileAndTheField() throws Exception {
        assertThat(error("services: {}\n")).contains("environments is missing");
        assertThat(error("""
                services:
                  resizer: {module: m, package: p, port: 1, port_env: X, default_env: nowhere}
                environments:
                  local: {inventory: i, deployers: ['*']}
                """)).contains("services.resizer.default_env names the unknown environment 'nowhere'");
        assertThat(error("""
                services: {}
                environments:
                  local: {inventory: i, deployers: ['*'], aproval: true}
                """)).contains("environments.local.aproval is not a known key");
        assertThat(error("""
                services: {}
                environments:
                  production: {inventory: i}
                """)).contains("environments.production.deployers must list who may deploy");
        assertThat(error("""
                services: {}
                environments:
                  local: {inventory: i, deployers: ['*'], serial: 'all of them'}
                """)).contains("serial must be a number of hosts or a percentage");
        assertThat(error("""
                services:
                  Bad_Name: {module: m, package: p, port: 1, port_env: X, default_env: local}
                environments:
                  local: {inventory: i, deployers: ['*']}
                """)).contains("services.Bad_Name is not a valid name");
        assertThat(error("services: [\n")).contains("cannot read the catalog");
        assertThat(error("""
                services: {}
                environments:
                  local: {inventory: i, deployers: ['*'], analysis: {window: 2 minutes}}
                """)).contains("environments.local.analysis.window must be a duration like 500ms, 30s, 2m or 1h");
        assertThat(error("""
                services: {}
                environments:
                  local: {inventory: i, deployers: ['*'], analysis: {window: 2m, max_window: 1m}}
                """)).contains("max_window must be at least the window");
        assertThat(error("""
                services: {}
                environments:
                  local: {inventory: i, deployers: ['*'], analysis: {errors: {ratio: -1}}}
                """)).contains("analysis.errors.ratio must be a number");
        assertThat(error("""
                services: {}
                environments:
                  local: {inventory: i, deployers: ['*'], analysis: maybe}
                """)).contains("analysis must be off, on, or a mapping");
    }

    @Test
    void canaryAnalysisIsOnWithDefaultsExceptOnSimulatedHostsAndOnlyTheCatalogTurnsItOff() throws Exception {
        Path file = dir.resolve("catalog.yml");
        Files.writeString(file, """
                services: {}
                environments:
                  local: {inventory: i, install: local, deployers: ['*']}
                  busy-local: {inventory: i, install: local, deployers: ['*'], analysis: on}
                  production: {inventory: i, deployers: ['*']}
                  quiet: {inventory: i, deployers: ['*'], analysis: off}
                  tuned: {inventory: i, deployers: ['*'], analysis: {window: 90s, latency: {gap_ms: 25}}}
                """);
        Catalog c = CatalogLoader.load(file);
        assertThat(c.environment("local").orElseThrow().analysis().enabled()).isFalse();
        assertThat(c.environment("busy-local").orElseThrow().analysis()).isEqualTo(AnalysisSpec.DEFAULT);
        assertThat(c.environment("production").orElseThrow().analysis()).isEqualTo(AnalysisSpec.DEFAULT);
        assertThat(c.environment("quiet").orElseThrow().analysis().enabled()).isFalse();
        AnalysisSpec tuned = c.environment("tuned").orElseThrow().analysis();
        assertThat(tuned.window()).isEqualTo(java.time.Duration.ofSeconds(90));
        assertThat(tuned.maxWindow()).isEqualTo(java.time.Duration.ofSeconds(270));
        assertThat(tuned.latency().gapMillis()).isEqualTo(25);
        assertThat(tuned.latency().ratio()).isEqualTo(1.2);
        assertThat(tuned.errors()).isEqualTo(AnalysisSpec.Errors.DEFAULT);
        // the repository's catalog: production is judged, the lab and the local fleet (no traffic) are not
        Catalog repo = CatalogLoader.load(TestBot.repoRoot().resolve("bot/catalog.yml"));
        assertThat(repo.environment("production").orElseThrow().analysis().enabled()).isTrue();
        assertThat(repo.environment("lab").orElseThrow().analysis().enabled()).isFalse();
    }

    private String error(String yaml) throws Exception {
        Path file = dir.resolve("catalog.yml");
        Files.writeString(file, yaml);
        try {
            CatalogLoader.load(file);
        } catch (CatalogException e) {
            assertThat(e.getMessage()).contains(file.toString());
            return e.getMessage();
        }
        throw new AssertionError("no error for:\n" + yaml);
    }

    @Test
    void anInventoryLimitNamesHostsAndGroups() throws Exception {
        Path file = dir.resolve("hosts.yml");
        Files.writeString(file, """
                all:
                  vars: {ansible_connection: local}
                  children:
                    resizer:
                      children:
                        canary: {hosts: {r1: {http_port: 1001}}}
                        rest: {hosts: {r2: {http_port: 1002}, r3: {ansible_host: 10.0.0.3}}}
                """);
        Inventory inv = Inventory.load(file);
        assertThat(inv.hostsOf("resizer")).containsExactly("r1", "r2", "r3");
        assertThat(inv.hostsOf("canary")).containsExactly("r1");
        assertThat(inv.address("r3")).isEqualTo("10.0.0.3");
        assertThat(inv.httpPort("r3", 8082)).isEqualTo(8082);
        assertThat(inv.hasHost("r9")).isFalse();
    }

    @Test
    void anInventoryWithoutAllIsRefused() throws Exception {
        Path file = dir.resolve("hosts.yml");
        Files.writeString(file, "resizer: {hosts: {r1: {}}}\n");
        assertThatThrownBy(() -> Inventory.load(file)).hasMessageContaining("top-level 'all' group");
    }
}

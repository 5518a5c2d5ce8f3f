package dev.bmo.bot.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.bmo.bot.fleet.ActuatorClient;
import dev.bmo.bot.support.TestBot;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The version check lives twice: the playbook's {@code roles/verify_version} (inside the rollout, on the
 * host itself) and BMO's verify stage ({@link HealthProbe.Report#problem}, after it). Both are held to one
 * table of {@code /actuator/info} answers here, with the fleet's token required, and must agree on each.
 */
@Tag("slow") // runs ansible-playbook: ./test --fast leaves it out
class VerifyAgreementTest {

    private static final String TOKEN = "fleet-token";
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    /** One answer of a host and what both checks must say of it. */
    record Case(String name, String info, String expectedVersion, boolean passes, String tokenWanted) {
        Case(String name, String info, String expectedVersion, boolean passes) {
            this(name, info, expectedVersion, passes, TOKEN);
        }
    }

    private static final List<Case> CASES = List.of(
            new Case("commit-string", info("\"" + COMMIT + "\"", "1.2.3"), "1.2.3", true),
            new Case("commit-full", info("{\"full\": \"" + COMMIT + "\"}", "1.2.3"), "1.2.3", true),
            new Case("commit-abbrev", info("{\"abbrev\": \"0123456\"}", "1.2.3"), "1.2.3", true),
            new Case("commit-other", info("\"fedcba9876543210fedcba9876543210fedcba98\"", "1.2.3"), "1.2.3", false),
            new Case("commit-missing", "{\"build\": {\"version\": \"1.2.3\"}}", "1.2.3", false),
            new Case("version-other", info("\"" + COMMIT + "\"", "1.2.4"), "1.2.3", false),
            new Case("version-not-expected", info("\"" + COMMIT + "\"", "9.9.9"), "", true),
            new Case("version-missing", "{\"git\": {\"commit\": {\"id\": \"" + COMMIT + "\"}}}", "1.2.3", false),
            new Case("token-refused", info("\"" + COMMIT + "\"", "1.2.3"), "1.2.3", false, "another-token"));

    private static String info(String id, String version) {
        return "{\"git\": {\"commit\": {\"id\": " + id + "}}, \"build\": {\"version\": \"" + version + "\"}}";
    }

    @TempDir
    Path dir;

    @Test
    void thePlaybooksCheckAndBmosVerifyStageAgreeOnEveryAnswer() throws Exception {
        Map<String, Case> byPath = new HashMap<>();
        CASES.forEach(c -> byPath.put("/info/" + c.name(), c));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            Case c = byPath.get(path);
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            int status;
            String body;
            if (path.equals("/health")) {
                status = 200;
                body = "{\"status\": \"UP\"}";
            } else if (c == null) {
                status = 404;
                body = "{}";
            } else if (!("Bearer " + c.tokenWanted()).equals(auth)) {
                status = 401;
                body = "{}";
            } else {
                status = 200;
                body = c.info();
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        try {
            int port = server.getAddress().getPort();
            Map<String, Boolean> ansible = playbook(port);
            HealthProbe probe = new HealthProbe(new ActuatorClient(Duration.ofSeconds(3), Optional.of(TOKEN)));
            for (Case c : CASES) {
                String problem = probe.check("127.0.0.1", port, "/health", "/info/" + c.name())
                        .problem(COMMIT, c.expectedVersion());
                assertThat(problem == null).as("the verify stage on %s (%s)", c.name(), problem).isEqualTo(c.passes());
                assertThat(ansible.get(c.name())).as("roles/verify_version on %s", c.name()).isEqualTo(c.passes());
            }
        } finally {
            server.stop(0);
        }
    }

    /** Runs the role once against every case (one simulated host each); host -> passed. */
    private Map<String, Boolean> playbook(int port) throws Exception {
        StringBuilder hosts = new StringBuilder();
        for (Case c : CASES) {
            hosts.append("        ").append(c.name()).append(": {bmo_info_path: /info/").append(c.name())
                    .append(", bmo_app_version: '").append(c.expectedVersion()).append("'}\n");
        }
        Path inventory = dir.resolve("hosts.yml");
        Files.writeString(inventory, """
                all:
                  vars:
                    ansible_connection: local
                    ansible_python_interpreter: /usr/bin/python3
                    bmo_http_port: %d
                    bmo_commit: %s
                    bmo_actuator_token: %s
                  children:
                    cases:
                      hosts:
                %s""".formatted(port, COMMIT, TOKEN, hosts));
        Path playbook = dir.resolve("verify.yml");
        Files.writeString(playbook, """
                - hosts: cases
                  gather_facts: false
                  tasks:
                    - ansible.builtin.import_role:
                        name: verify_version
                """);
        ProcessBuilder pb = new ProcessBuilder("ansible-playbook", "-i", inventory.toString(), playbook.toString())
                .redirectErrorStream(true);
        pb.environment().put("ANSIBLE_ROLES_PATH", TestBot.repoRoot().resolve("playbooks/roles").toString());
        pb.environment().put("ANSIBLE_NOCOLOR", "1");
        pb.environment().put("ANSIBLE_FORKS", "10");
        Process process = pb.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        Map<String, Boolean> passed = new HashMap<>();
        Matcher recap = Pattern.compile("(?m)^(\\S+)\\s+: ok=\\d+\\s+changed=\\d+\\s+unreachable=(\\d+)\\s+failed=(\\d+)")
                .matcher(out);
        while (recap.find()) {
            passed.put(recap.group(1), recap.group(2).equals("0") && recap.group(3).equals("0"));
        }
        assertThat(passed.keySet()).as(out).containsExactlyInAnyOrderElementsOf(CASES.stream().map(Case::name).toList());
        return passed;
    }
}

package dev.bmo.bot.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bmo.bot.support.TestBot;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load_balancer role, run by the real ansible-playbook for a local pool whose only server is down:
 * HAProxy's own refusal (503, no server) comes in the fleet's JSON error shape, not HAProxy's HTML, and a
 * message with a quote in it survives the config's quoting.
 */
@Tag("slow") // runs haproxy: ./test --fast leaves it out
class LoadBalancerErrorPagesTest {

    @TempDir
    Path dir;

    @Test
    void haproxysOwnRefusalIsJson() throws Exception {
        int front = freePort();
        int closed = freePort(); // nothing listens there: the pool has no server up
        Path hostsRoot = Files.createDirectories(dir.resolve("hosts"));
        Files.writeString(dir.resolve("hosts.yml"), """
                all:
                  vars:
                    ansible_connection: local
                    ansible_python_interpreter: /usr/bin/python3
                  children:
                    thing:
                      hosts:
                        t1: {http_port: %d}
                """.formatted(closed));
        Files.writeString(dir.resolve("lb.yml"), """
                - hosts: thing
                  gather_facts: false
                  vars:
                    bmo_install_method: local
                    bmo_hosts_root: %s
                    bmo_lb_host: t1
                    bmo_lb_frontends: {thing: %d}
                    bmo_lb_error_pages:
                      - {code: 502, error: bad_gateway, message: "the service gave no valid answer"}
                      - {code: 503, error: unavailable, message: "no server's up: retry shortly"}
                  roles:
                    - load_balancer
                """.formatted(hostsRoot, front));
        Path pidfile = dir.resolve("haproxy/haproxy.pid");
        try {
            ProcessBuilder pb = new ProcessBuilder("ansible-playbook", "-i", dir.resolve("hosts.yml").toString(),
                    dir.resolve("lb.yml").toString()).redirectErrorStream(true);
            pb.environment().put("ANSIBLE_ROLES_PATH", TestBot.repoRoot().resolve("playbooks/roles").toString());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(Files.readString(dir.resolve("haproxy/haproxy.cfg"))).contains("http-error status 503");

            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + front + "/x"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(503);
                assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
                assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-cache");
                assertThat(r.body()).contains("\"status\": 503").contains("\"error\": \"unavailable\"")
                        .contains("no server's up");
            });
        } finally {
            // HAProxy was started by the role as a daemon with this pidfile: stop it by its pid
            if (Files.exists(pidfile)) {
                for (String pid : Files.readAllLines(pidfile)) {
                    Optional<ProcessHandle> h = ProcessHandle.of(Long.parseLong(pid.strip()));
                    h.ifPresent(ProcessHandle::destroy);
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

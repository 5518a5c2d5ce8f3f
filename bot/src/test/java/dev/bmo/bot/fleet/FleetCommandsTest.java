package dev.bmo.bot.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bmo.bot.BmoProperties;
import dev.bmo.bot.catalog.CatalogLoader;
import dev.bmo.bot.command.Caller;
import dev.bmo.bot.command.Command;
import dev.bmo.bot.command.CommandRequest;
import dev.bmo.bot.command.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** status and metrics read the catalog and the environment's inventory to find every host. */
class FleetCommandsTest {

    @TempDir
    Path repo;

    private FleetCommands commands(int upPort, int downPort) throws Exception {
        Files.writeString(repo.resolve("catalog.yml"), """
                services:
                  resizer: {module: services/resizer, package: bmo-resizer, port: 8082, port_env: BMO_RESIZER_PORT, jar: opt/bmo/resizer/bmo-resizer.jar, default_env: local}
                  media: {module: services/media, package: bmo-media, port: 8081, port_env: BMO_MEDIA_PORT, jar: opt/bmo/media/bmo-media.jar, default_env: local}
                environments:
                  local: {inventory: hosts.yml, install: local, default_branch: main, deployers: ["*"]}
                """);
        Files.writeString(repo.resolve("hosts.yml"), """
                all:
                  vars: {ansible_connection: local}
                  children:
                    resizer:
                      hosts:
                        resizer-1: {http_port: %d}
                        resizer-2: {http_port: %d}
                    media:
                      hosts:
                        media-1: {http_port: %d}
                """.formatted(upPort, downPort, upPort));
        BmoProperties props = new BmoProperties(repo, Path.of("catalog.yml"), repo.resolve(".bmo"), repo.resolve(".bmo/hosts"),
                Path.of("deploy.yml"), "ansible-playbook", Duration.ofMinutes(1), false, Duration.ofMinutes(1),
                Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofSeconds(1));
        return new FleetCommands(CatalogLoader.load(repo.resolve("catalog.yml")), props, Clock.systemUTC(),
                Duration.ofSeconds(1), Duration.ofMillis(300), "", DatadogSettings.NONE);
    }

    @Test
    void statusOfOneServiceAsksEveryHostOfTheInventory() throws Exception {
        try (ActuatorStandIn up = new ActuatorStandIn()) {
            up.answer("/actuator/health", 200, "{\"status\":\"UP\"}")
                    .answer("/actuator/info", 200, "{\"build\":{\"version\":\"1.0\"},\"git\":{\"commit\":{\"id\":\"abcdef1\"}}}");
            int closed = new java.net.ServerSocket(0).getLocalPort();
            FleetCommands fleet = commands(up.host("x").baseUri().getPort(), closed);

            Reply one = fleet.handle(CommandRequest.of(Caller.local(), "status resizer"), new Command.Status("resizer", null));
            assertThat(one.ok()).isFalse();
            assertThat(one.text()).contains("resizer in local: 1 of 2 hosts up").contains("resizer-1").contains("resizer-2")
                    .contains("UNREACHABLE").contains("abcdef1");

            Reply all = fleet.handle(CommandRequest.of(Caller.local(), "status"), new Command.Status(null, null));
            assertThat(all.text()).contains("Fleet in local").containsPattern("resizer\\s+1/2").containsPattern("media\\s+1/1")
                    .contains("resizer-2 unreachable");
        }
    }

    @Test
    void metricsShowsTheServicesOwnFiguresAndTellsWhatItDoesNotKnow() throws Exception {
        try (ActuatorStandIn up = new ActuatorStandIn()) {
            up.answer("/actuator/metrics/bmo.requests", 200, "{\"measurements\":[{\"statistic\":\"COUNT\",\"value\":10}]}");
            FleetCommands fleet = commands(up.host("x").baseUri().getPort(), up.host("x").baseUri().getPort());
            Reply reply = fleet.handle(CommandRequest.of(Caller.local(), "metrics resizer"), new Command.Metrics("resizer", null));
            assertThat(reply.ok()).isTrue();
            assertThat(reply.text()).contains("cache hit %").contains("rejected/min").contains("TOTAL");

            Reply unknown = fleet.handle(CommandRequest.of(Caller.local(), "metrics nope"), new Command.Metrics("nope", null));
            assertThat(unknown.ok()).isFalse();
            assertThat(unknown.text()).contains("I don't know the service 'nope'").contains("resizer");
        }
    }
}

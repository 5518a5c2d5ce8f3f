package dev.bmo.bot.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusProbeTest {

    private final StatusProbe probe = StatusProbe.withOwnPool(new ActuatorClient(Duration.ofMillis(800), Optional.empty()));

    @Test
    void reportsVersionCommitUptimeAndTheFailingComponent() throws Exception {
        try (ActuatorStandIn up = new ActuatorStandIn(); ActuatorStandIn down = new ActuatorStandIn()) {
            String info = "{\"build\":{\"version\":\"0.1.0\"},\"git\":{\"commit\":{\"id\":\"abc1234def\"}},\"process\":{\"uptimeSeconds\":3725}}";
            up.answer("/actuator/health", 200, "{\"status\":\"UP\",\"components\":{\"ping\":{\"status\":\"UP\"}}}")
                    .answer("/actuator/info", 200, info);
            // full git mode (what the services configure): the id is an object
            String fullInfo = info.replace("\"id\":\"abc1234def\"", "\"id\":{\"full\":\"abc1234def5678\",\"abbrev\":\"abc1234\"}");
            down.answer("/actuator/health", 503, "{\"status\":\"DOWN\",\"components\":{\"ping\":{\"status\":\"UP\"},"
                            + "\"s3\":{\"status\":\"DOWN\",\"details\":{\"error\":\"timeout\"}},"
                            + "\"rabbit\":{\"status\":\"UP\"}}}")
                    .answer("/actuator/info", 200, fullInfo);

            List<HostStatus> statuses = probe.probe(List.of(up.host("resizer-1"), down.host("resizer-2")));

            assertThat(statuses.get(0).state()).isEqualTo(HostStatus.State.UP);
            assertThat(statuses.get(0).version()).isEqualTo("0.1.0");
            assertThat(statuses.get(0).commit()).isEqualTo("abc1234");
            assertThat(statuses.get(0).uptime()).isEqualTo(Duration.ofSeconds(3725));
            assertThat(statuses.get(1).state()).isEqualTo(HostStatus.State.DOWN);
            assertThat(statuses.get(1).failing()).containsExactly("s3 down");
            assertThat(statuses.get(1).commit()).isEqualTo("abc1234");

            String table = StatusProbe.table(statuses);
            assertThat(table).contains("resizer-1").contains("UP").contains("1h 2m").contains("s3 down");
            assertThat(table.lines().map(String::length).distinct().count()).as("aligned columns").isLessThanOrEqualTo(3);
        }
    }

    @Test
    void aDeadHostAndASlowHostAreUnreachableAndDoNotDelayTheOthers() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (ActuatorStandIn slow = new ActuatorStandIn(); ActuatorStandIn fine = new ActuatorStandIn()) {
            slow.slow("/actuator/health", 5_000);
            fine.answer("/actuator/health", 200, "{\"status\":\"UP\"}").answer("/actuator/info", 200, "{}");
            long start = System.nanoTime();
            List<HostStatus> statuses = probe.probe(List.of(
                    new ServiceHost("dead", URI.create("http://127.0.0.1:" + closedPort)), slow.host("slow"), fine.host("fine")));
            long tookMs = (System.nanoTime() - start) / 1_000_000;

            assertThat(statuses).extracting(HostStatus::state)
                    .containsExactly(HostStatus.State.UNREACHABLE, HostStatus.State.UNREACHABLE, HostStatus.State.UP);
            assertThat(statuses.get(0).problem()).isEqualTo("connection refused");
            assertThat(statuses.get(1).problem()).contains("no answer within 800 ms");
            assertThat(tookMs).as("hosts are asked at once, each with its own timeout").isLessThan(4_000);
        }
    }
}

package dev.bmo.media;

import dev.bmo.testing.RabbitVhost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bmo.media.messaging.Topology;
import dev.bmo.media.outbox.OutboxRepository;
import dev.bmo.storage.testing.S3ProxyExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The production set-up: PostgreSQL (a schema of its own for this run, dropped afterwards) behind the
 * transactional outbox, and RabbitMQ stopped for real while photos are uploaded.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Tag("slow") // minutes of real rollouts, packaging, fleets or corpora: ./test --fast leaves it out
class PostgresOutboxTest {

    static final String PG = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String SCHEMA = "media_test_" + UUID.randomUUID().toString().substring(0, 8);

    @RegisterExtension
    static S3ProxyExtension s3 = new S3ProxyExtension();
    @RegisterExtension
    static RabbitVhost rabbit = new RabbitVhost();

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry r) {
        s3.environment().forEach((k, v) -> r.add(k, () -> v));
        r.add("BMO_RABBITMQ_URL", rabbit::amqpUrl);
        r.add("BMO_MEDIA_DB_URL", () -> PG + "?currentSchema=" + SCHEMA);
        r.add("BMO_MEDIA_DB_USER", () -> "postgres");
        r.add("BMO_MEDIA_DB_SCHEMA", () -> SCHEMA);
        r.add("BMO_MEDIA_OUTBOX_POLL", () -> "200ms");
    }

    @AfterAll
    static void dropSchema() throws Exception {
        try (Connection c = DriverManager.getConnection(PG, "postgres", "")) {
            c.createStatement().execute("drop schema if exists " + SCHEMA + " cascade");
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    RabbitTemplate template;
    @Autowired
    OutboxRepository outbox;

    final JsonMapper json = JsonMapper.builder().build();

    @Test
    void uploadsAreRecordedInPostgresAndTheirRequestsPublished() throws Exception {
        MediaClient media = new MediaClient(port);
        MediaClient.Reply r = media.upload(TestImages.jpeg(320, 240), "image/jpeg", Map.of("X-Photographer", "Ada"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String id = r.json().path("id").asString();
        try (Connection c = DriverManager.getConnection(PG, "postgres", "")) {
            var rs = c.createStatement().executeQuery("select width from " + SCHEMA + ".photo where id = '" + id + "'");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(320);
        }
        assertThat(drainRequests(Set.of(id), Duration.ofSeconds(10))).contains(id);
    }

    @Test
    void uploadsSucceedWhileTheBrokerIsDownAndEveryRequestIsPublishedWhenItReturns() {
        MediaClient media = new MediaClient(port);
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.backlog() == 0);
        Set<String> ids = new HashSet<>();
        try {
            RabbitVhost.stopBroker();
            for (int i = 0; i < 5; i++) {
                MediaClient.Reply r = media.upload(TestImages.jpeg(200 + i, 100), "image/jpeg",
                        Map.of("X-Photographer", "Ada"));
                assertThat(r.status()).as(r.body()).isEqualTo(201);
                ids.add(r.json().path("id").asString());
            }
            assertThat(outbox.backlog()).isEqualTo(5);
            MediaClient.Reply health = media.get("/actuator/health");
            assertThat(health.json().path("components").path("outbox").path("details").path("backlog").asInt())
                    .isEqualTo(5);
            assertThat(health.json().path("components").path("rabbit").path("status").asString()).isEqualTo("DOWN");
            assertThat(media.get("/actuator/health/readiness").status()).isEqualTo(200);
        } finally {
            RabbitVhost.startBroker();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> outbox.backlog() == 0);
        assertThat(drainRequests(ids, Duration.ofSeconds(20))).containsAll(ids);
    }

    private List<String> drainRequests(Set<String> wanted, Duration within) {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline && !seen.containsAll(wanted)) {
            Message m = template.receive(Topology.CONVERSION_QUEUE, 500);
            if (m != null) {
                seen.add(json.readTree(m.getBody()).path("id").asString());
            }
        }
        return seen;
    }
}

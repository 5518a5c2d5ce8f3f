package dev.bmo.bot.journal;

import dev.bmo.bot.catalog.Catalog;
import dev.bmo.bot.catalog.CatalogLoader;
import dev.bmo.bot.command.CommandHandler;
import dev.bmo.bot.deploy.DeployPipeline;
import dev.bmo.bot.support.QuickStage;
import dev.bmo.bot.support.TestBot;
import dev.bmo.bot.support.TestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * A repository of the journal tests' own: a catalog with a resizer on three simulated hosts ({@code local}) and
 * on a real host nobody answers for ({@code far}, install apt), the hosts' directories laid out as the deploy
 * playbook leaves them ({@code <host>/log/bmo-resizer.log}, {@code service.env}), BMO's state directory, and
 * the real command core with the journal handler, on a fixed clock.
 */
final class JournalFixture implements AutoCloseable {

    static final Instant NOW = Instant.parse("2026-12-01T18:00:00Z");
    /** BMO's own Actuator token, and the resizer's URL secret on the simulated hosts and in BMO's state dir. */
    static final String TOKEN = "actuator-token-5b1e77c2";
    static final String URL_SECRET = "resizer-url-secret-9d0f3a";
    static final String LAB_SECRET = "lab-secret-from-state-4c2e";
    static final String RABBIT_PASSWORD = "rabbit-pass-77aa01";

    final Path dir;
    final Path hostsRoot;
    final Path stateDir;
    final Catalog catalog;
    final JournalCommands journal;
    final TestBot bot;
    final int closedPort;

    JournalFixture() throws Exception {
        dir = Files.createTempDirectory("bmo-journal");
        hostsRoot = Files.createDirectories(dir.resolve("hosts"));
        stateDir = Files.createDirectories(dir.resolve("state"));
        closedPort = closedPort();
        Files.writeString(dir.resolve("catalog.yml"), """
                services:
                  resizer:
                    module: services/resizer
                    package: bmo-resizer
                    port: 8082
                    port_env: BMO_RESIZER_PORT
                    jar: opt/bmo/resizer/bmo-resizer.jar
                    default_env: local
                environments:
                  local:
                    inventory: local.yml
                    install: local
                    deployers: ['*']
                  far:
                    inventory: far.yml
                    install: apt
                    apt_repo: http://127.0.0.1:1/far
                    known_hosts: far_known_hosts
                    deployers: ['@sre']
                """);
        Files.writeString(dir.resolve("local.yml"), """
                all:
                  vars:
                    ansible_connection: local
                  children:
                    resizer:
                      hosts:
                        resizer-1: {http_port: 18082}
                        resizer-2: {http_port: 18182}
                        resizer-3: {http_port: 18282}
                """);
        Files.writeString(dir.resolve("far.yml"), """
                all:
                  vars:
                    ansible_user: deploy
                    ansible_become: true
                  children:
                    resizer:
                      hosts:
                        far-resizer-1: {ansible_host: 127.0.0.1, ansible_port: %d}
                """.formatted(closedPort));
        Files.writeString(dir.resolve("far_known_hosts"), "");
        for (String host : List.of("resizer-1", "resizer-2", "resizer-3")) {
            Files.createDirectories(hostsRoot.resolve(host).resolve("log"));
            Files.writeString(hostsRoot.resolve(host).resolve("service.env"), "# written by BMO's deploy playbook\n"
                    + "BMO_RESIZER_PORT=18082\nBMO_RESIZER_SECRET=" + URL_SECRET + "\nBMO_ACTUATOR_TOKEN=" + TOKEN
                    + "\nBMO_RABBITMQ_URL=amqp://bmo:" + RABBIT_PASSWORD + "@127.0.0.1:5672/\n");
        }
        Files.writeString(stateDir.resolve("lab-resizer-secret"), LAB_SECRET + "\n");
        catalog = CatalogLoader.load(dir.resolve("catalog.yml"));
        journal = new JournalCommands(catalog, dir, hostsRoot, stateDir, Clock.fixed(NOW, ZoneOffset.UTC),
                Map.of("BMO_ACTUATOR_TOKEN", TOKEN, "HOME", "/root"), Duration.ofSeconds(10));
        bot = new TestBot(TestDatabase.create(TestDatabase.Kind.H2), dir, dir.resolve("catalog.yml"),
                new DeployPipeline(List.of(new QuickStage("deploy"))), stateDir, List.<CommandHandler>of(journal));
    }

    Path log(String host) {
        return hostsRoot.resolve(host).resolve("log").resolve("bmo-resizer.log");
    }

    /** Appends lines to a host's log file. */
    void write(String host, String... lines) throws IOException {
        Files.writeString(log(host), String.join("\n", lines) + "\n", StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    /** An ECS line as the services write it, {@code secondsAgo} before {@link #NOW}. */
    static String ecs(long secondsAgo, String level, String message) {
        return ecs(NOW.minusSeconds(secondsAgo), level, message);
    }

    static String ecs(Instant at, String level, String message) {
        return "{\"@timestamp\":\"" + at + "\",\"log\":{\"level\":\"" + level + "\",\"logger\":\"dev.bmo.resizer.Render\"},"
                + "\"process\":{\"pid\":4242,\"thread\":{\"name\":\"http-nio-1\"}},\"service\":{\"name\":\"bmo-resizer\","
                + "\"version\":\"1.4.0\",\"environment\":\"local\",\"node\":{\"name\":\"resizer-1\"}},\"message\":\""
                + message.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")
                + "\",\"ecs\":{\"version\":\"8.11\"}}";
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException {
        bot.close();
        journal.destroy();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}

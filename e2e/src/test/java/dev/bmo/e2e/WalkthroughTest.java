package dev.bmo.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bmo.testing.RabbitVhost;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The README's walkthrough ("Walkthrough: a photo through the fleet"), step by step, so the README
 * cannot rot: {@code ./bmo -c "status"} on a machine where the fleet never ran brings it all up
 * (S3 server, media, converter and resizer deployed through BMO onto simulated hosts, HAProxy in
 * front); a photo uploaded to media gets its renditions from the converter; the resizer serves a
 * resized, watermarked version through HAProxy from a URL signed with {@code scripts/sign-url};
 * {@code status}, {@code status resizer} and {@code metrics resizer} answer; the photo comes back through the
 * API with a srcset whose URLs the resizer serves, and {@code status api} and {@code metrics api} answer.
 *
 * <p>It never touches a user's fleet: the same commands run with {@code BMO_STATE_DIR} in a
 * temporary directory, a catalog whose {@code local} environment is an inventory of one host per
 * service on free ports (HAProxy frontends too), the S3 server on a free port, a throwaway RabbitMQ
 * vhost and a PostgreSQL schema of its own. {@code scripts/local-fleet down} stops it all at the end.
 */
@Tag("slow") // minutes of real rollouts, packaging, fleets or corpora: ./test --fast leaves it out
class WalkthroughTest {

    static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    static final String PG = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String SCHEMA = "bmo_e2e_" + UUID.randomUUID().toString().substring(0, 8);
    // the API's key table: a schema of its own, as each service's migrations keep their own history
    static final String API_SCHEMA = SCHEMA + "_api";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    static RabbitVhost rabbit = new RabbitVhost();

    static Path state;
    static Map<String, String> env;
    static int mediaPort;
    static int resizerPort;
    static int converterPort;
    static int apiPort;
    static final String API_KEY = "e2e-key-" + UUID.randomUUID();
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void isolatedLocalEnvironment() throws IOException {
        state = Files.createTempDirectory("bmo-e2e");
        int[] ports = freePorts(9);
        mediaPort = ports[0];
        resizerPort = ports[1];
        converterPort = ports[2];
        apiPort = ports[7];
        Path inventory = state.resolve("hosts.yml");
        Files.writeString(inventory, """
                all:
                  vars:
                    ansible_connection: local
                    ansible_python_interpreter: /usr/bin/python3
                    bmo_java_opts: ["-XX:+UseSerialGC", "-Xmx256m", "-XX:+ExitOnOutOfMemoryError"]
                    bmo_health_retries: 180
                    bmo_local_s3: true
                    bmo_load_balancer: true
                    bmo_lb_frontends: {api: %d, media: %d, resizer: %d, converter: %d}
                  children:
                    resizer:
                      vars: {bmo_lb_retry_idempotent: true}
                      hosts:
                        e2e-resizer-1: {http_port: %d}
                    media:
                      vars:
                        bmo_service_env:
                          BMO_MEDIA_DB_URL: "%s?currentSchema=%s"
                          BMO_MEDIA_DB_USER: postgres
                          BMO_MEDIA_DB_SCHEMA: %s
                          BMO_MEDIA_RESIZER_URL: "http://127.0.0.1:%d"
                          BMO_RABBITMQ_URL: "%s"
                      hosts:
                        e2e-media-1: {http_port: %d}
                    converter:
                      vars:
                        bmo_service_env:
                          BMO_RABBITMQ_URL: "%s"
                      hosts:
                        e2e-converter-1: {http_port: %d}
                    api:
                      vars:
                        bmo_lb_check_path: /actuator/health/liveness
                        bmo_service_env:
                          BMO_API_DB_URL: "%s?currentSchema=%s"
                          BMO_API_DB_USER: postgres
                          BMO_API_DB_SCHEMA: %s
                          BMO_API_MEDIA_URL: "http://127.0.0.1:%d"
                          BMO_API_IMAGE_BASE_URL: "http://127.0.0.1:%d"
                          BMO_API_REDIS_PREFIX: "%s:"
                          BMO_API_KEYS: "e2e:%s:1000"
                      hosts:
                        e2e-api-1: {http_port: %d}
                """.formatted(apiPort, mediaPort, resizerPort, converterPort, ports[3], PG, SCHEMA, SCHEMA, resizerPort,
                rabbit.amqpUrl(), ports[4], rabbit.amqpUrl(), ports[5], PG, API_SCHEMA, API_SCHEMA, mediaPort, resizerPort,
                SCHEMA, API_KEY, ports[8]));
        String catalog = Files.readString(REPO.resolve("bot/catalog.yml"));
        String localInventory = "inventory: playbooks/inventories/local/hosts.yml";
        assertThat(catalog).contains(localInventory);
        Files.writeString(state.resolve("catalog.yml"), catalog.replace(localInventory, "inventory: " + inventory));
        // a private copy of the jar the build just made, as ./bmo itself would run
        Path jar = state.resolve("bmo-bot.jar");
        Files.copy(REPO.resolve("bot/target/bmo-bot.jar"), jar);

        env = new HashMap<>();
        env.put("BMO_STATE_DIR", state.toString());
        env.put("BMO_CATALOG", state.resolve("catalog.yml").toString());
        env.put("BMO_JAR", jar.toString());
        env.put("BMO_S3_ENDPOINT", "http://127.0.0.1:" + ports[6]);
        env.put("BMO_RABBITMQ_URL", rabbit.amqpUrl());
        env.put("BMO_APT_ROOT", state.resolve("apt").toString());
        env.put("BMO_SETUP_QUIET", "1");
        env.put("BMO_FLEET_WAIT", "300");
    }

    @AfterAll
    static void fleetDown() throws Exception {
        try {
            if (env != null) {
                Run down = run(Duration.ofMinutes(3), REPO.resolve("scripts/local-fleet").toString(), "down");
                assertThat(down.exitCode()).as(down.output()).isZero();
                for (int port : new int[] {mediaPort, resizerPort, converterPort, apiPort}) {
                    assertThat(listening(port)).as("nothing answers on %d after local-fleet down", port).isFalse();
                }
            }
        } finally {
            // apt-publish's throwaway signing key left a gpg-agent for the isolated GNUPGHOME
            run(Duration.ofSeconds(30), "gpgconf", "--homedir", state.resolve("apt/gnupg").toString(), "--kill", "gpg-agent");
            try (Connection c = DriverManager.getConnection(PG, "postgres", "")) {
                c.createStatement().execute("drop schema if exists " + SCHEMA + " cascade");
                c.createStatement().execute("drop schema if exists " + API_SCHEMA + " cascade");
            }
        }
    }

    @Test
    void theReadmeWalkthrough() throws Exception {
        // 1. The first ./bmo brings up the whole fleet (each service deployed through BMO), then answers.
        Run first = bmo("status", Duration.ofMinutes(25));
        assertThat(first.exitCode()).as(first.output()).isZero();
        assertAllUp(first.output());
        Run fleet = run(Duration.ofMinutes(1), REPO.resolve("scripts/local-fleet").toString(), "status");
        assertThat(fleet.exitCode()).as(fleet.output()).isZero();
        assertThat(fleet.output()).contains("e2e-media-1 UP", "e2e-resizer-1 UP", "e2e-converter-1 UP", "e2e-api-1 UP");

        // 2. Upload a photo to media through HAProxy.
        HttpResponse<String> upload = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + mediaPort + "/v1/photos"))
                .header("Content-Type", "image/jpeg").header("X-Photographer", "Ada Lovelace")
                .POST(HttpRequest.BodyPublishers.ofByteArray(photo(1600, 1200))).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
        JsonNode photo = JSON.readTree(upload.body());
        String id = photo.path("id").asString();
        String originalKey = photo.path("originalKey").asString();
        assertThat(photo.path("renditions").isArray()).isTrue();
        String rendition = photo.path("renditions").get(0).path("url").asString();
        assertThat(rendition).startsWith("http://127.0.0.1:" + resizerPort + "/v1/images/" + originalKey);

        // 3. Watch the converter make the renditions: media records the photo as converted.
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + mediaPort + "/v1/photos/" + id))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && JSON.readTree(r.body()).path("converted").asBoolean();
        });

        // 4. A resized, watermarked version through the resizer: the upload's URL, and one signed here.
        HttpResponse<byte[]> standard = http.send(HttpRequest.newBuilder(URI.create(rendition)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(standard.statusCode()).isEqualTo(200);
        Run sign = run(Duration.ofMinutes(3), REPO.resolve("scripts/sign-url").toString(),
                "--base", "http://127.0.0.1:" + resizerPort, originalKey, "w=800", "wm=1");
        assertThat(sign.exitCode()).as(sign.output()).isZero();
        String signed = sign.output().lines().filter(l -> l.startsWith("http://")).reduce((a, b) -> b).orElseThrow();
        HttpResponse<byte[]> watermarked = http.send(HttpRequest.newBuilder(URI.create(signed)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(watermarked.statusCode()).as(new String(watermarked.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(watermarked.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(watermarked.headers().firstValue("X-Resizer-Source")).hasValue("master");
        BufferedImage out = ImageIO.read(new ByteArrayInputStream(watermarked.body()));
        assertThat(out.getWidth()).isEqualTo(800);
        assertThat(out.getHeight()).isEqualTo(600);
        // the same URL without the signature is refused
        HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(URI.create(signed.replaceAll("&?sig=[^&]*", "")))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unsigned.statusCode()).isEqualTo(403);

        // 5. The photo through the API (HAProxy's api frontend): its web srcset, and one of its URLs opened.
        HttpResponse<String> viaApi = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/v1/photos/" + id))
                .header("X-Api-Key", API_KEY).header("Accept", "image/webp,*/*").timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(viaApi.statusCode()).as(viaApi.body()).isEqualTo(200);
        JsonNode apiPhoto = JSON.readTree(viaApi.body());
        assertThat(apiPhoto.path("state").asString()).isEqualTo("ready");
        assertThat(apiPhoto.path("photographer").asString()).isEqualTo("Ada Lovelace");
        String srcset = apiPhoto.path("images").path("srcset").asString();
        String candidate = srcset.split(", ")[1];
        assertThat(candidate).endsWith(" 640w").contains("fmt=webp");
        HttpResponse<byte[]> fromSrcset = http.send(HttpRequest.newBuilder(URI.create(candidate.substring(0, candidate.indexOf(' '))))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(fromSrcset.statusCode()).isEqualTo(200);
        assertThat(fromSrcset.headers().firstValue("Content-Type")).hasValue("image/webp");
        HttpResponse<String> noKey = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/v1/photos/" + id))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noKey.statusCode()).isEqualTo(401);

        // 6. Ask BMO how the fleet is.
        Run status = bmo("status", Duration.ofMinutes(2));
        assertThat(status.exitCode()).as(status.output()).isZero();
        assertAllUp(status.output());
        Run statusResizer = bmo("status resizer", Duration.ofMinutes(2));
        assertThat(statusResizer.exitCode()).as(statusResizer.output()).isZero();
        assertThat(statusResizer.output()).contains("e2e-resizer-1").doesNotContain("e2e-media-1");
        Run metrics = bmo("metrics resizer", Duration.ofMinutes(2));
        assertThat(metrics.exitCode()).as(metrics.output()).isZero();
        assertThat(metrics.output()).contains("e2e-resizer-1");
        Run apiStatus = bmo("status api", Duration.ofMinutes(2));
        assertThat(apiStatus.exitCode()).as(apiStatus.output()).isZero();
        assertThat(apiStatus.output()).contains("e2e-api-1");
        Run apiMetrics = bmo("metrics api", Duration.ofMinutes(2));
        assertThat(apiMetrics.exitCode()).as(apiMetrics.output()).isZero();
        assertThat(apiMetrics.output()).contains("e2e-api-1", "rate-limited/min", "cache hit %", "media breaker");
    }

    /** {@code status}: one row per service, every host up ("1/1"), no problem named. */
    static void assertAllUp(String output) {
        assertThat(output).contains("Fleet in local");
        // only the table: the deploys that brought the fleet up print Ansible recaps ("unreachable=0") before it
        String table = output.substring(output.lastIndexOf("Fleet in local"));
        for (String service : List.of("resizer", "media", "converter", "api")) {
            assertThat(table).containsPattern("(?m)^" + service + "\\s+1/1\\s");
        }
        assertThat(table).doesNotContain("unreachable");
    }

    static Run bmo(String command, Duration timeout) {
        return run(timeout, REPO.resolve("bmo").toString(), "-c", command);
    }

    record Run(int exitCode, String output) {
    }

    /** One command as an argument list, with the isolated environment; output kept in target/ too. */
    static Run run(Duration timeout, String... command) {
        try {
            Path log = Files.createTempFile(state, "run-", ".log");
            ProcessBuilder pb = new ProcessBuilder(command).directory(REPO.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError(List.of(command) + " did not finish within " + timeout + ":\n" + Files.readString(log));
            }
            String output = Files.readString(log);
            System.out.println("$ " + String.join(" ", command) + "\n" + output);
            return new Run(p.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static byte[] photo(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(30, 90, 160), width, height, new Color(240, 200, 80)));
        g.fillRect(0, 0, width, height);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", out);
        return out.toByteArray();
    }

    static int[] freePorts(int n) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0);
                sockets.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }

    static boolean listening(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

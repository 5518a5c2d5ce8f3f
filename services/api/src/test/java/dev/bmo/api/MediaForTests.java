package dev.bmo.api;

import dev.bmo.storage.testing.LocalS3Server;
import dev.bmo.testing.ServiceProcess;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real media for the API's tests: its packaged jar as a process, on a real S3 server (S3Proxy), a RabbitMQ
 * vhost and its embedded database; uploads go to it over HTTP as a client's would.
 */
final class MediaForTests implements AutoCloseable {

    static final String SECRET = "api-test-secret";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final LocalS3Server s3;
    private final ServiceProcess media;
    private final HttpClient http = HttpClient.newHttpClient();

    MediaForTests(String amqpUrl) {
        try {
            s3 = LocalS3Server.start("bmo-photos");
            Map<String, String> env = new HashMap<>(s3.environment());
            Path db = Files.createTempDirectory("api-test-media-db");
            env.putAll(Map.of("BMO_RABBITMQ_URL", amqpUrl, "BMO_RESIZER_SECRET", SECRET, "BMO_ENV", "test",
                    "BMO_MEDIA_DB_URL", "jdbc:h2:file:" + db.resolve("media-db"), "BMO_ACCESS_LOG", "off"));
            media = ServiceProcess.of("media", ServiceProcess.moduleJar("services/media", "bmo-media"))
                    .portVariable("BMO_MEDIA_PORT").env(env).logDir(Path.of("target", "fleet-logs")).start();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String url() {
        return media.url("");
    }

    /** Uploads a JPEG as {@code photographer}; returns media's record of it. */
    JsonNode upload(int width, int height, String photographer) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(media.url("/v1/photos")))
                    .header("Content-Type", "image/jpeg")
                    .header("X-Photographer", URLEncoder.encode(photographer, StandardCharsets.UTF_8).replace("+", "%20"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(TestPhotos.jpeg(width, height))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) {
                throw new AssertionError("upload: " + r.statusCode() + " " + r.body());
            }
            return JSON.readTree(r.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** kill -9 of media: the API sees a dead host (connections refused). */
    void kill() {
        media.kill();
    }

    @Override
    public void close() {
        media.close();
        s3.close();
    }
}

package dev.bmo.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bmo.media.photo.PhotoRepository;
import dev.bmo.storage.testing.S3ProxyExtension;
import dev.bmo.testing.RabbitVhost;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Bodies that lie about their length and stall: each is cut off with 408 JSON once the read timeout
 * passes (not held until the load balancer gives up with 504), nothing is stored, and one client cannot
 * hold more than its share of upload connections (429 beyond).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Tag("slow") // slow clients in real time: ./test --fast leaves it out
class SlowUploadTest {

    @RegisterExtension
    static S3ProxyExtension s3 = new S3ProxyExtension();
    @RegisterExtension
    static RabbitVhost rabbit = new RabbitVhost();

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry r) {
        s3.environment().forEach((k, v) -> r.add(k, () -> v));
        r.add("BMO_RABBITMQ_URL", rabbit::amqpUrl);
        r.add("BMO_MEDIA_DB_URL", () -> "jdbc:h2:mem:media-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        r.add("BMO_MEDIA_BODY_READ_TIMEOUT", () -> "1500ms");
        r.add("BMO_MEDIA_UPLOADS_PER_CLIENT", () -> "2");
    }

    @LocalServerPort
    int port;
    @Autowired
    PhotoRepository photos;

    /** Claims 10 MB, sends the first bytes of a JPEG, then nothing (the socket stays open). */
    private Socket stalled() throws Exception {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(20_000);
        OutputStream out = s.getOutputStream();
        out.write(("POST /v1/photos HTTP/1.1\r\nHost: media\r\nContent-Type: image/jpeg\r\n"
                + "X-Photographer: Slow Sender\r\nContent-Length: 10000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F'});
        out.flush();
        return s;
    }

    private static String response(Socket s) throws Exception {
        InputStream in = s.getInputStream();
        byte[] buf = new byte[4096];
        StringBuilder b = new StringBuilder();
        int n;
        while (!b.toString().contains("}") && (n = in.read(buf)) > 0) {
            b.append(new String(buf, 0, n, StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    @Test
    void aStalledBodyIsCutOffWith408AndNothingIsStored() throws Exception {
        long started = System.nanoTime();
        try (Socket s = stalled()) {
            String answer = response(s);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(answer).startsWith("HTTP/1.1 408").contains("application/json")
                    .contains("\"error\":\"request_timeout\"");
            assertThat(took).as("cut off by the read timeout, not held for a minute").isLessThan(Duration.ofSeconds(10));
        }
        assertThat(photos.count()).isZero();
        assertThat(s3.store().list("originals/")).isEmpty();
    }

    @Test
    void oneClientHoldsAtMostItsShareOfUploads() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            held.add(stalled());
            held.add(stalled());
            Thread.sleep(300); // both are being read
            try (Socket third = stalled()) {
                assertThat(response(third)).startsWith("HTTP/1.1 429").contains("\"error\":\"too_many_uploads\"");
            }
            for (Socket s : held) {
                assertThat(response(s)).startsWith("HTTP/1.1 408");
            }
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }
}

package dev.bmo.converter;

import dev.bmo.testing.RabbitVhost;
import dev.bmo.testing.ServiceProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bmo.storage.testing.S3ProxyExtension;
import dev.bmo.vips.ImageFormat;
import dev.bmo.vips.SaveOptions;
import dev.bmo.vips.VipsImage;
import java.io.ByteArrayInputStream;
import java.io.SequenceInputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Throughput of media and converter as real processes (not part of the build's tests; run it with
 * {@code bench/media/run}): large uploads (uploads/s, MB/s) and conversions of 24 MP JPEGs per second
 * per core. Prints one line per figure.
 */
class FleetBench {

    @RegisterExtension
    static S3ProxyExtension s3 = new S3ProxyExtension();
    @RegisterExtension
    static RabbitVhost rabbit = new RabbitVhost();

    @Test
    void measure() throws Exception {
        int uploads = Integer.getInteger("bench.uploads", 8);
        int uploadMb = Integer.getInteger("bench.uploadMb", 100);
        int parallel = Integer.getInteger("bench.parallel", 2);
        int conversions = Integer.getInteger("bench.conversions", 24);
        int cores = Runtime.getRuntime().availableProcessors();

        Path dataDir = Files.createTempDirectory("bmo-fleet-bench-");
        Map<String, String> env = new HashMap<>(s3.environment());
        env.put("BMO_RABBITMQ_URL", rabbit.amqpUrl());
        env.put("BMO_MEDIA_DB_URL", "jdbc:h2:file:" + dataDir.resolve("media-db"));
        env.put("BMO_MEDIA_OUTBOX_POLL", "200ms");
        env.put("BMO_CONVERTER_CONCURRENCY", Integer.toString(cores));
        try (ServiceProcess media = new ServiceProcess("media", Paths.get(System.getProperty("bmo.media.jar")),
                "BMO_MEDIA_PORT", "/actuator/health/readiness", List.of("-Xmx256m"), env).start();
             ServiceProcess converter = new ServiceProcess("converter",
                     Paths.get(System.getProperty("bmo.converter.jar")), "BMO_CONVERTER_PORT", "/actuator/health",
                     List.of("-Xmx512m"), env)) {
            FleetIT.media = media;

            // 1. conversions: queue 24 MP originals, then start the converter and time it draining the queue
            byte[] photo = encode(6000, 4000);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < conversions; i++) {
                HttpResponse<String> r = FleetIT.upload(photo.length, () -> new ByteArrayInputStream(photo));
                assertThat(r.statusCode()).isEqualTo(201);
                ids.add(FleetIT.JSON.readTree(r.body()).path("id").asString());
            }
            converter.start();
            long convStart = System.nanoTime();
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> ids.stream().allMatch(id -> s3.store().exists("renditions/" + id + "/master.jpg")));
            double convSeconds = (System.nanoTime() - convStart) / 1e9;
            System.out.printf("BENCH conversions: %d x 6000x4000 JPEG (%.1f MB) -> master + 8 renditions: "
                            + "%.2f conversions/s on %d cores = %.2f per core (%.0f ms each per core)%n",
                    conversions, photo.length / 1048576.0, conversions / convSeconds, cores,
                    conversions / convSeconds / cores, convSeconds * 1000 * cores / conversions);
            converter.close();

            // 2. large uploads, `parallel` at a time, with the converter stopped (uploads alone)
            byte[] small = encode(640, 480);
            long padding = (long) uploadMb * 1024 * 1024 - small.length;
            ExecutorService pool = Executors.newFixedThreadPool(parallel);
            long started = System.nanoTime();
            List<Future<HttpResponse<String>>> replies = new ArrayList<>();
            for (int i = 0; i < uploads; i++) {
                replies.add(pool.submit(() -> FleetIT.upload(small.length + padding,
                        () -> new SequenceInputStream(new ByteArrayInputStream(small), new FleetIT.ZeroStream(padding)))));
            }
            for (Future<HttpResponse<String>> r : replies) {
                assertThat(r.get().statusCode()).isEqualTo(201);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            pool.shutdown();
            System.out.printf("BENCH uploads: %d x %d MB, %d parallel: %.2f uploads/s, %.0f MB/s (media -Xmx256m)%n",
                    uploads, uploadMb, parallel, uploads / seconds, uploads * (double) uploadMb / seconds);

        }
    }

    private static byte[] encode(int width, int height) {
        try (VipsImage image = VipsImage.noise(width, height, 3)) {
            return image.save(SaveOptions.of(ImageFormat.JPEG).withQuality(90));
        }
    }
}

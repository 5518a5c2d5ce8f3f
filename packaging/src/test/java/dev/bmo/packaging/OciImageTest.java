package dev.bmo.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.bmo.storage.testing.LocalS3Server;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bmo-converter's OCI image tarball (Jib on the cached Debian base): its layout, layers, entrypoint
 * and labels, and the application started from the image's unpacked root file system under chroot
 * (with a real S3 server for this test and the machine's RabbitMQ, both needed for its health).
 */
@ExtendWith(SharedWork.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("slow") // minutes of real rollouts, packaging, fleets or corpora: ./test --fast leaves it out
class OciImageTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ConverterBuilds.Build build;
    private Path layout;
    private JsonNode index;
    private JsonNode manifest;
    private JsonNode config;

    @BeforeAll
    void unpackTheImageTarball() throws IOException {
        build = ConverterBuilds.first();
        layout = Workspace.newDirectory("oci");
        Command.of("tar", "-xf", build.image().toString(), "-C", layout.toString()).timeout(Duration.ofMinutes(2)).check();
        index = JSON.readTree(layout.resolve("index.json").toFile());
        manifest = JSON.readTree(blob(index.path("manifests").get(0).path("digest").asString()).toFile());
        config = JSON.readTree(blob(manifest.path("config").path("digest").asString()).toFile());
    }

    @AfterAll
    void removeLayout() {
        if (layout != null) {
            Command.of("rm", "-rf", "--one-file-system", layout.toString()).check();
        }
    }

    @Test
    void isAnOciImageOnTheLocalBaseWithApplicationLayersOnTop() throws IOException {
        assertThat(Files.readString(layout.resolve("oci-layout"))).contains("\"imageLayoutVersion\"");
        assertThat(index.path("manifests").get(0).path("annotations").path("org.opencontainers.image.ref.name").asString())
                .isEqualTo(build.output().get("image_ref"));
        assertThat(manifest.path("mediaType").asString()).isEqualTo("application/vnd.oci.image.manifest.v1+json");

        List<JsonNode> layers = new ArrayList<>();
        manifest.path("layers").forEach(layers::add);
        // the base's one layer, then Jib's: dependencies, project dependencies, resources, classes, jvm arg files
        assertThat(layers).hasSizeGreaterThanOrEqualTo(5)
                .allSatisfy(l -> assertThat(l.path("mediaType").asString()).isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip"));
        for (JsonNode layer : layers) {
            assertThat(blob(layer.path("digest").asString())).hasSize(layer.path("size").asLong());
        }
        // built on our Debian base: its layer is the base tarball's layer, unchanged
        JsonNode baseConfig = baseImageConfig();
        assertThat(config.path("rootfs").path("diff_ids").get(0).asString())
                .isEqualTo(baseConfig.path("rootfs").path("diff_ids").get(0).asString());
    }

    @Test
    void entrypointUserAndLabelsCarryTheVersionAndCommit() {
        JsonNode container = config.path("config");
        List<String> entrypoint = strings(container.path("Entrypoint"));
        assertThat(entrypoint).startsWith("java").contains("-XX:+ExitOnOutOfMemoryError", "-cp")
                .endsWith("dev.bmo.converter.ConverterApplication");
        assertThat(container.path("User").asString()).isEqualTo("65532:65532");
        JsonNode labels = container.path("Labels");
        assertThat(labels.path("org.opencontainers.image.version").asString()).isEqualTo(build.version());
        assertThat(labels.path("org.opencontainers.image.revision").asString()).isEqualTo(build.commit());
        assertThat(labels.path("org.opencontainers.image.title").asString()).isEqualTo("bmo-converter");
        assertThat(strings(container.path("Env"))).anyMatch(e -> e.startsWith("PATH=") && e.contains("/usr/bin"));
    }

    @Test
    void theApplicationStartsFromTheUnpackedRootFileSystemAndReportsHealthy() {
        List<Path> layers = new ArrayList<>();
        manifest.path("layers").forEach(l -> layers.add(blob(l.path("digest").asString())));
        try (Rootfs root = Rootfs.fromLayers(layers); LocalS3Server s3 = LocalS3Server.start("bmo-photos")) {
            assertThat(root.file("/usr/lib/x86_64-linux-gnu/libvips.so.42")).exists();
            root.mountProc();

            JsonNode container = config.path("config");
            int port = ServiceProcess.freePort();
            Map<String, String> environment = new LinkedHashMap<>();
            for (String entry : strings(container.path("Env"))) {
                environment.put(entry.substring(0, entry.indexOf('=')), entry.substring(entry.indexOf('=') + 1));
            }
            environment.put("SERVER_PORT", String.valueOf(port));
            environment.put("MANAGEMENT_SERVER_PORT", String.valueOf(port));
            environment.put("BMO_CONVERTER_PORT", String.valueOf(port));
            environment.putAll(s3.environment()); // RabbitMQ: the machine's, the default address
            List<String> argv = new ArrayList<>(strings(container.path("Entrypoint")));
            argv.addAll(strings(container.path("Cmd")));
            String workingDirectory = container.path("WorkingDir").asString("");

            try (ServiceProcess service = ServiceProcess.start(root, container.path("User").asString(),
                    workingDirectory.isEmpty() ? "/" : workingDirectory, environment, argv)) {
                service.awaitHealthy(port, Duration.ofSeconds(120));
            }
        }
    }

    private Path blob(String digest) {
        return layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
    }

    private static JsonNode baseImageConfig() throws IOException {
        Path base = Workspace.baseImage();
        String manifest = Command.of("tar", "-xOf", base.toString(), "manifest.json").check().stdout();
        String configName = JSON.readTree(manifest).get(0).path("Config").asString();
        return JSON.readTree(Command.of("tar", "-xOf", base.toString(), configName).check().stdout());
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asString()));
        return values;
    }
}

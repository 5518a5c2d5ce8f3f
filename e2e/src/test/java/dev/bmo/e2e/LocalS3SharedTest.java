package dev.bmo.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local fleet's S3 server is found by what it is, not by the caller's state directory: a BMO with
 * its own BMO_STATE_DIR uses the S3 server another one started (it used to fail with "the port is taken
 * by another process" and could not deploy to the running local fleet). On a port of its own.
 */
class LocalS3SharedTest {

    @TempDir
    Path dir;

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    private record Run(int code, String output) {
    }

    private Run localS3(Path state, int port, String command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("scripts/local-s3").toString(), command)
                .redirectErrorStream(true);
        pb.environment().put("BMO_STATE_DIR", state.toString());
        pb.environment().put("BMO_S3_ENDPOINT", "http://127.0.0.1:" + port);
        pb.environment().put("BMO_SETUP_QUIET", "0");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    @Test
    void aSecondStateDirectoryUsesTheRunningServer() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path first = Files.createDirectories(dir.resolve("first"));
        Path second = Files.createDirectories(dir.resolve("second"));
        try {
            Run started = localS3(first, port, "start");
            assertThat(started.code()).as(started.output()).isZero();
            Run again = localS3(second, port, "start");
            assertThat(again.code()).as(again.output()).isZero();
            assertThat(again.output()).contains("already running").contains(first.resolve("s3/data").toString());
            Run status = localS3(second, port, "status");
            assertThat(status.code()).isZero();
            assertThat(status.output()).contains("running (pid").contains(first.toString());
        } finally {
            localS3(first, port, "stop");
        }
        assertThat(localS3(second, port, "status").code()).as("stopped by its pid").isEqualTo(1);
        assertThat(second.resolve("s3/s3proxy.pid")).as("nothing was started for the second").doesNotExist();
    }
}

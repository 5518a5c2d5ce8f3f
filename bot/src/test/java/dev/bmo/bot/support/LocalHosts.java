package dev.bmo.bot.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The simulated hosts' directories of a test: stops whatever they run, so no test leaves a process behind. */
public final class LocalHosts {

    private LocalHosts() {
    }

    public static void stopAll(Path hostsRoot) throws IOException {
        if (!Files.isDirectory(hostsRoot)) {
            return;
        }
        try (Stream<Path> pidfiles = Files.find(hostsRoot, 3, (p, a) -> p.toString().endsWith(".pid"))) {
            for (Path pidfile : pidfiles.toList()) {
                String pid = Files.readString(pidfile).strip();
                if (!pid.isEmpty()) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(p -> {
                        p.destroy();
                        p.onExit().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).exceptionally(t -> {
                            p.destroyForcibly();
                            return p;
                        }).join();
                    });
                }
            }
        }
    }
}

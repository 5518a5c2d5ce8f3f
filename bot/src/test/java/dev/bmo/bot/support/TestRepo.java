package dev.bmo.bot.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * A throwaway git repository to deploy from: a catalog with the tiny service, an inventory of
 * simulated local hosts on free ports, and commits to deploy.
 */
public final class TestRepo {

    /** A secret in the hosts' environment: it must reach the service and never a log. */
    public static final String SECRET = "s3cr3t-Value-42";

    public final Path dir;
    public final List<String> hosts = List.of("h1", "h2", "h3");
    public final List<Integer> ports = new ArrayList<>();

    public TestRepo(Path dir) throws Exception {
        this.dir = dir;
        for (int i = 0; i < hosts.size(); i++) {
            ports.add(freePort());
        }
        git("init", "-q", "-b", "main");
        git("config", "user.email", "tests@bmo.invalid");
        git("config", "user.name", "BMO tests");
        Files.writeString(dir.resolve("catalog.yml"), """
                groups:
                  approvers: [carol]
                services:
                  tiny:
                    module: tiny
                    package: bmo-tiny
                    port: 8099
                    port_env: BMO_TINY_PORT
                    jar: opt/bmo/tiny/bmo-tiny.jar
                    default_env: test
                environments:
                  test:
                    inventory: hosts.yml
                    install: local
                    deployers: ['*']
                    serial: 1
                    max_fail_percentage: 0
                  guarded:
                    inventory: hosts.yml
                    install: local
                    deployers: [alice, bob, '@approvers']
                    approvers: ['@approvers', bob]
                    approval: true
                    require_default_branch: true
                """);
        writeInventory(Integer.MAX_VALUE);
        Files.createDirectories(dir.resolve("tiny"));
        Files.writeString(dir.resolve("tiny/README"), "the tiny service\n");
        git("add", "-A");
        git("commit", "-q", "-m", "first");
    }

    /** Rewrites the inventory (not committed: BMO reads inventories from its working copy). */
    public void writeInventory(int healthRetries) throws IOException {
        StringBuilder inv = new StringBuilder("""
                all:
                  vars:
                    ansible_connection: local
                    ansible_python_interpreter: /usr/bin/python3
                    bmo_java_opts: ["-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"]
                    bmo_health_retries: %d
                    bmo_service_env: {TINY_SECRET: "%s"}
                  children:
                    tiny:
                      hosts:
                """.formatted(healthRetries == Integer.MAX_VALUE ? 30 : healthRetries, SECRET));
        for (int i = 0; i < hosts.size(); i++) {
            inv.append("        ").append(hosts.get(i)).append(": {http_port: ").append(ports.get(i)).append("}\n");
        }
        Files.writeString(dir.resolve("hosts.yml"), inv.toString());
    }

    /**
     * Makes the repository's build (its packaging/build-artifacts, what BMO runs for a deploy) hang as a
     * slow Maven build would, noting its pid in the deploy's directory ({@code deploys/<id>/build.pid}).
     */
    public void buildHangs() throws Exception {
        Path builder = Files.createDirectories(dir.resolve("packaging")).resolve("build-artifacts");
        Files.writeString(builder, "#!/bin/sh\necho $$ > ../build.pid\nexec sleep 300\n");
        Files.setPosixFilePermissions(builder, PosixFilePermissions.fromString("rwxr-xr-x"));
        git("add", "packaging/build-artifacts");
        git("commit", "-q", "-m", "a build that hangs");
    }

    /** A new commit on the current branch; returns its id. */
    public String commit(String message) throws Exception {
        Files.writeString(dir.resolve("tiny/README"), message + "\n", java.nio.file.StandardOpenOption.APPEND);
        git("commit", "-q", "-am", message);
        return head();
    }

    public String head() throws Exception {
        return git("rev-parse", "HEAD").strip();
    }

    public String git(String... args) throws Exception {
        return git(dir, args);
    }

    /** Runs git in {@code dir} (an argument list); its output, or an exception with it when git fails. */
    public static String git(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("git " + String.join(" ", args) + ": " + out);
        }
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

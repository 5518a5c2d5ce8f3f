package dev.bmo.bot.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Builds a real .deb (dpkg-deb) holding {@link TinyService} as a runnable jar, for one version and commit. */
public final class TinyArtifacts {

    public static final String JAR_PATH = "opt/bmo/tiny/bmo-tiny.jar";

    private TinyArtifacts() {
    }

    /** {@code healthy}: its health says UP (else DOWN); {@code exitsAtStart}: a release whose process exits at once. */
    public static Path deb(Path outDir, String version, String commit, boolean healthy, boolean exitsAtStart)
            throws IOException, InterruptedException {
        Path root = Files.createDirectories(outDir.resolve("deb-root-" + version));
        Path jar = root.resolve(JAR_PATH);
        Files.createDirectories(jar.getParent());
        writeJar(jar, version, commit, healthy, exitsAtStart);
        Path control = Files.createDirectories(root.resolve("DEBIAN")).resolve("control");
        Files.writeString(control, """
                Package: bmo-tiny
                Version: %s
                Architecture: all
                Maintainer: BMO tests <bmo@example.invalid>
                Description: tiny test service
                 Built from git commit %s.
                """.formatted(version, commit));
        return build(root, outDir.resolve("bmo-tiny_" + version + "_all.deb"));
    }

    /**
     * The tiny service packaged as the fleet's packages are, for real hosts: a systemd unit running it
     * as its own user, {@code /etc/default/bmo-tiny} as a conffile, {@code Depends} on a Java runtime,
     * and maintainer scripts that create the user and enable, start or restart the unit where systemd
     * runs. {@code exitsAtStart}: a release whose process exits at once (the unit never comes up).
     */
    public static Path systemdDeb(Path outDir, String version, String commit, boolean exitsAtStart)
            throws IOException, InterruptedException {
        Path root = Files.createDirectories(outDir.resolve("deb-root-" + version));
        Path jar = root.resolve(JAR_PATH);
        Files.createDirectories(jar.getParent());
        writeJar(jar, version, commit, true, exitsAtStart);
        write(root.resolve("lib/systemd/system/bmo-tiny.service"), """
                [Unit]
                Description=tiny test service
                After=network-online.target
                [Service]
                Type=exec
                User=bmo-tiny
                Group=bmo-tiny
                EnvironmentFile=/etc/default/bmo-tiny
                ExecStart=/usr/bin/java $JAVA_OPTS -jar /opt/bmo/tiny/bmo-tiny.jar
                SuccessExitStatus=143
                Restart=on-failure
                RestartSec=5
                [Install]
                WantedBy=multi-user.target
                """, "644");
        write(root.resolve("etc/default/bmo-tiny"), """
                # /etc/default/bmo-tiny: the tiny service's environment (a conffile)
                JAVA_OPTS="-Xmx32m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
                BMO_TINY_PORT=8099
                """, "600");
        write(root.resolve("DEBIAN/control"), """
                Package: bmo-tiny
                Version: %s
                Architecture: all
                Maintainer: BMO tests <bmo@example.invalid>
                Depends: openjdk-17-jre-headless | java17-runtime-headless, adduser
                Description: tiny test service
                 Built from git commit %s.
                """.formatted(version, commit), "644");
        write(root.resolve("DEBIAN/conffiles"), "/etc/default/bmo-tiny\n", "644");
        write(root.resolve("DEBIAN/postinst"), """
                #!/bin/sh
                set -e
                if [ "$1" = configure ] && ! getent passwd bmo-tiny >/dev/null; then
                    adduser --system --group --quiet --no-create-home bmo-tiny
                fi
                deb-systemd-helper unmask bmo-tiny.service >/dev/null || true
                if deb-systemd-helper --quiet was-enabled bmo-tiny.service; then
                    deb-systemd-helper enable bmo-tiny.service >/dev/null || true
                else
                    deb-systemd-helper update-state bmo-tiny.service >/dev/null || true
                fi
                if [ -d /run/systemd/system ]; then
                    systemctl --system daemon-reload >/dev/null || true
                    if [ -n "$2" ]; then action=restart; else action=start; fi
                    deb-systemd-invoke "$action" bmo-tiny.service >/dev/null || true
                fi
                exit 0
                """, "755");
        write(root.resolve("DEBIAN/prerm"), """
                #!/bin/sh
                set -e
                if [ -d /run/systemd/system ] && [ "$1" = remove ]; then
                    deb-systemd-invoke stop bmo-tiny.service >/dev/null || true
                fi
                exit 0
                """, "755");
        return build(root, outDir.resolve("bmo-tiny_" + version + "_all.deb"));
    }

    private static void write(Path file, String content, String mode) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString(
                switch (mode) {
                    case "755" -> "rwxr-xr-x";
                    case "600" -> "rw-------";
                    default -> "rw-r--r--";
                }));
    }

    private static Path build(Path root, Path deb) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of("dpkg-deb", "--root-owner-group", "--build", root.toString(),
                deb.toString())).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("dpkg-deb failed: " + output);
        }
        return deb;
    }

    private static void writeJar(Path jar, String version, String commit, boolean healthy, boolean exits)
            throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, TinyService.class.getName());
        String classFile = TinyService.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.putNextEntry(new JarEntry(classFile));
            try (var in = TinyService.class.getClassLoader().getResourceAsStream(classFile)) {
                in.transferTo(out);
            }
            out.closeEntry();
            out.putNextEntry(new JarEntry("tiny.properties"));
            out.write(("version=" + version + "\ncommit=" + commit + "\nhealth=" + (healthy ? "UP" : "DOWN")
                    + "\nexit=" + exits + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }
}

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

    public static Path deb(Path outDir, String version, String commit) throws IOException, InterruptedException {
        return deb(outDir, version, commit, true);
    }

    public static Path deb(Path outDir, String version, String commit, boolean healthy)
            throws IOException, InterruptedException {
        Path root = Files.createDirectories(outDir.resolve("deb-root-" + version));
        Path jar = root.resolve(JAR_PATH);
        Files.createDirectories(jar.getParent());
        writeJar(jar, version, commit, healthy);
        Path control = Files.createDirectories(root.resolve("DEBIAN")).resolve("control");
        Files.writeString(control, """
                Package: bmo-tiny
                Version: %s
                Architecture: all
                Maintainer: BMO tests <bmo@example.invalid>
                Description: tiny test service
                 Built from git commit %s.
                """.formatted(version, commit));
        Path deb = outDir.resolve("bmo-tiny_" + version + "_all.deb");
        Process p = new ProcessBuilder(List.of("dpkg-deb", "--root-owner-group", "--build", root.toString(),
                deb.toString())).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("dpkg-deb failed: " + output);
        }
        return deb;
    }

    private static void writeJar(Path jar, String version, String commit, boolean healthy) throws IOException {
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
            out.write(("version=" + version + "\ncommit=" + commit + "\nhealth=" + (healthy ? "UP" : "DOWN") + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }
}

package dev.bmo.packaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Where things are: the checkout under test, the scratch area, the packages the reactor built. */
final class Workspace {

    private Workspace() {
    }

    /** The checkout whose packaging/ is under test (the reactor's root). */
    static Path root() {
        String root = System.getProperty("bmo.root");
        Path path = root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent();
        if (!Files.isExecutable(path.resolve("packaging/build-artifacts"))) {
            throw new IllegalStateException("no packaging/build-artifacts under " + path + " (set -Dbmo.root)");
        }
        return path.toAbsolutePath().normalize();
    }

    /** Scratch space of this test run (under the module's target/, so `mvn clean` removes leftovers). */
    static Path work() {
        String work = System.getProperty("bmo.work");
        Path path = work != null ? Path.of(work) : Path.of("target/work").toAbsolutePath();
        try {
            return Files.createDirectories(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh directory in the scratch space. */
    static Path newDirectory(String prefix) {
        try {
            return Files.createTempDirectory(work(), prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The .deb that the reactor built for the given package (bmo-resizer, bmo-media, ...). */
    static Path reactorDeb(String packageName) {
        String path = System.getProperty("bmo.deb." + packageName);
        if (path == null || path.isBlank() || path.startsWith("$")) {
            throw new IllegalStateException("the reactor handed over no package for " + packageName
                    + " (run through Maven: ./mvnw verify -pl packaging -am)");
        }
        return Path.of(path);
    }

    /** The base image tarball (built by packaging/base-image when the cache is cold). */
    static Path baseImage() {
        Command.Result result = Command.of(root().resolve("packaging/base-image").toString())
                .timeout(java.time.Duration.ofMinutes(10)).check();
        String base = KeyValueLines.parse(result.stdout()).get("base");
        return Path.of(base);
    }

    /** Environment variables of the outer Maven run that must not leak into a nested build. */
    static Command withoutOuterMaven(Command command) {
        for (String name : new String[] {"MAVEN_BASEDIR", "MAVEN_PROJECTBASEDIR", "MAVEN_ARGS", "MAVEN_CMD_LINE_ARGS"}) {
            command.unsetEnv(name);
        }
        return command;
    }

    static Map<String, String> parseOutput(Command.Result result) {
        return KeyValueLines.parse(result.stdout());
    }
}

package dev.bmo.packaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;

/**
 * Builds of bmo-converter made with packaging/build-artifacts the way BMO makes them, shared by the
 * test classes (each is made once per run, when first asked for):
 * <ul>
 * <li>{@link #first()}: a checkout holding a snapshot of the working tree, committed;</li>
 * <li>{@link #rebuilt()}: a second, independent checkout of the same commit (detached, like BMO's
 * worktrees), for the reproducibility check;</li>
 * <li>{@link #next()}: the first checkout after one more commit (a newer version, no image).</li>
 * </ul>
 */
final class ConverterBuilds {

    record Build(Map<String, String> output, Path checkout) {
        String version() {
            return output.get("version");
        }

        String commit() {
            return output.get("commit");
        }

        Path deb() {
            return Path.of(output.get("deb"));
        }

        Path jar() {
            return Path.of(output.get("jar"));
        }

        Path image() {
            return Path.of(output.get("image"));
        }
    }

    private static Path checkoutA;
    private static Build first;
    private static Build rebuilt;
    private static Build next;

    private ConverterBuilds() {
    }

    static synchronized Build first() {
        if (first == null) {
            checkoutA = snapshotOfWorkingTree();
            first = build(checkoutA, "first", true);
        }
        return first;
    }

    static synchronized Build rebuilt() {
        if (rebuilt == null) {
            String commit = first().commit();
            Path checkoutB = Workspace.newDirectory("checkout-b");
            git(Workspace.work(), "clone", "-q", "--no-checkout", checkoutA.toString(), checkoutB.toString());
            git(checkoutB, "checkout", "-q", "--detach", commit);
            rebuilt = build(checkoutB, "rebuilt", true);
        }
        return rebuilt;
    }

    static synchronized Build next() {
        if (next == null) {
            first();
            git(checkoutA, "-c", "user.name=bmo-test", "-c", "user.email=bmo-test@localhost",
                    "commit", "-q", "--allow-empty", "-m", "packaging test: one more commit");
            next = build(checkoutA, "next", false);
        }
        return next;
    }

    /** Runs packaging/build-artifacts with the given arguments in a checkout. */
    static Command.Result buildArtifacts(Path checkout, String... arguments) {
        java.util.List<String> command = new java.util.ArrayList<>();
        command.add(checkout.resolve("packaging/build-artifacts").toString());
        command.addAll(java.util.List.of(arguments));
        return Workspace.withoutOuterMaven(Command.of(command).in(checkout).timeout(Duration.ofMinutes(10))).run();
    }

    private static Build build(Path checkout, String name, boolean image) {
        Path out = Workspace.work().resolve("out-" + name);
        Command.Result result = image
                ? buildArtifacts(checkout, "converter", "--out", out.toString())
                : buildArtifacts(checkout, "converter", "--out", out.toString(), "--no-image");
        try {
            Files.writeString(Workspace.work().getParent().resolve("build-artifacts-" + name + ".log"), result.stderr());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        result.check();
        return new Build(KeyValueLines.parse(result.stdout()), checkout);
    }

    /**
     * A clone of the checkout under test whose files are those of the working tree (tracked and
     * new ones), committed: so uncommitted work is what gets built, under a commit of its own.
     */
    private static Path snapshotOfWorkingTree() {
        Path root = Workspace.root();
        Path checkout = Workspace.newDirectory("checkout-a");
        git(Workspace.work(), "clone", "-q", "--shared", root.toString(), checkout.toString());
        String files = git(root, "ls-files", "-z", "--cached", "--others", "--exclude-standard").stdout();
        try {
            for (String file : files.split("\0")) {
                if (file.isEmpty()) {
                    continue;
                }
                Path source = root.resolve(file);
                Path target = checkout.resolve(file);
                if (Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(target.getParent());
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES,
                            LinkOption.NOFOLLOW_LINKS);
                } else {
                    Files.deleteIfExists(target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        git(checkout, "add", "-A");
        git(checkout, "-c", "user.name=bmo-test", "-c", "user.email=bmo-test@localhost",
                "commit", "-q", "--allow-empty", "-m", "packaging test: snapshot of the working tree");
        return checkout;
    }

    static Command.Result git(Path directory, String... arguments) {
        java.util.List<String> command = new java.util.ArrayList<>();
        command.add("git");
        command.addAll(java.util.List.of(arguments));
        return Command.of(command).in(directory).check();
    }
}

package dev.bmo.packaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Owns the scratch space shared by the test classes (checkouts, roots, builds): cleans what an
 * aborted earlier run left, and removes everything once all tests are done, unmounting first.
 */
final class SharedWork implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .computeIfAbsent(SharedWork.class, key -> new Cleanup(), Cleanup.class);
    }

    static final class Cleanup implements AutoCloseable {

        Cleanup() {
            removeAll(); // leftovers of an aborted run
        }

        @Override
        public void close() {
            removeAll();
        }

        private static void removeAll() {
            Path work = Workspace.work();
            for (String mountPoint : mountsUnder(work)) {
                Command.of("umount", "-l", mountPoint).run();
            }
            Command.of("rm", "-rf", "--one-file-system", work.toString()).timeout(Duration.ofMinutes(3)).check();
        }

        private static List<String> mountsUnder(Path dir) {
            try {
                String prefix = dir.toRealPath().toString() + "/";
                return Files.readAllLines(Path.of("/proc/self/mounts")).stream()
                        .map(line -> line.split(" ")[1])
                        .filter(mountPoint -> mountPoint.startsWith(prefix))
                        .sorted(java.util.Comparator.reverseOrder())
                        .toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

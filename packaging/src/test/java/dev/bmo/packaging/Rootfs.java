package dev.bmo.packaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A throwaway root file system (for dpkg --root and chroot). Java inside needs /proc, so it can be
 * mounted; close() unmounts it before deleting anything, and the deletion never crosses into
 * another file system.
 */
final class Rootfs implements AutoCloseable {

    private final Path dir;
    private boolean procMounted;

    private Rootfs(Path dir) {
        this.dir = dir;
    }

    /** A root made of the cached base image's single layer (Debian minbase + JRE + libvips). */
    static Rootfs fromBaseImage(Path baseTar) {
        Rootfs root = new Rootfs(Workspace.newDirectory("root"));
        // two tars in a pipe; the paths travel as arguments, never inside the script text
        Command.of("bash", "-c", "set -o pipefail; tar -xOf \"$1\" rootfs/layer.tar | tar -x -C \"$2\"",
                "extract", baseTar.toString(), root.dir.toString()).timeout(Duration.ofMinutes(3)).check();
        return root;
    }

    /** A root made by unpacking image layers (gzip tarballs) in order. */
    static Rootfs fromLayers(List<Path> layers) {
        Rootfs root = new Rootfs(Workspace.newDirectory("image-root"));
        for (Path layer : layers) {
            Command.of("tar", "-xzf", layer.toString(), "-C", root.dir.toString()).timeout(Duration.ofMinutes(3)).check();
        }
        return root;
    }

    Path dir() {
        return dir;
    }

    /** A path inside the root, given as an absolute path of the root (e.g. /etc/passwd). */
    Path file(String absolute) {
        return dir.resolve(absolute.substring(1));
    }

    void mountProc() {
        Command.of("mount", "-t", "proc", "proc", file("/proc").toString()).check();
        procMounted = true;
    }

    @Override
    public void close() {
        if (procMounted) {
            Command.of("umount", "-l", file("/proc").toString()).check();
            procMounted = false;
        }
        Command.of("rm", "-rf", "--one-file-system", dir.toString()).timeout(Duration.ofMinutes(2)).check();
    }

    String read(String absolute) {
        try {
            return Files.readString(file(absolute));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

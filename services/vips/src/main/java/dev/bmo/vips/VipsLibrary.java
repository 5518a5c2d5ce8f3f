package dev.bmo.vips;

import com.sun.jna.Library;
import com.sun.jna.Native;

/** The raw libvips C functions this module calls. Kept package-private: callers use {@link Vips}. */
interface VipsLibrary extends Library {

    VipsLibrary INSTANCE = load();

    private static VipsLibrary load() {
        try {
            return Native.load("vips", VipsLibrary.class);
        } catch (UnsatisfiedLinkError noDevSymlink) {
            // libvips.so is only a symlink installed by libvips-dev; runtimes have the versioned name
            return Native.load("libvips.so.42", VipsLibrary.class);
        }
    }

    int vips_init(String argv0);

    int vips_version(int flag);
}

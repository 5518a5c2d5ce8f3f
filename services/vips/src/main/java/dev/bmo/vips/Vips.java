package dev.bmo.vips;

/** Entry point to libvips: process-wide start-up and facts about the installed library. */
public final class Vips {

    private static volatile boolean started;

    private Vips() {
    }

    /** Starts libvips once per process. Safe to call from any thread, any number of times. */
    public static synchronized void start() {
        if (started) {
            return;
        }
        if (VipsLibrary.INSTANCE.vips_init("bmo") != 0) {
            throw new IllegalStateException("vips_init failed: libvips could not start");
        }
        started = true;
    }

    /** The installed libvips version, for example "8.14.1". */
    public static String version() {
        start();
        VipsLibrary lib = VipsLibrary.INSTANCE;
        return lib.vips_version(0) + "." + lib.vips_version(1) + "." + lib.vips_version(2);
    }
}

package dev.bmo.vips;

import com.sun.jna.NativeLong;
import java.util.EnumSet;
import java.util.Set;

/** Entry point to libvips: process-wide start-up, settings, and facts about the installed library. */
public final class Vips {

    private static volatile VipsSettings settings;
    private static volatile Set<ImageFormat> savableFormats;

    private Vips() {
    }

    /** Starts libvips with {@link VipsSettings#serverDefaults()} unless it was already started. */
    public static void start() {
        if (settings == null) {
            start(VipsSettings.serverDefaults());
        }
    }

    /**
     * Starts libvips once per process and applies the settings. A later call with other settings applies them
     * again (libvips allows changing these at run time); safe from any thread.
     */
    public static synchronized void start(VipsSettings wanted) {
        VipsLibrary lib = VipsLibrary.INSTANCE;
        if (settings == null && lib.vips_init("bmo") != 0) {
            throw Errors.failure("vips_init");
        }
        lib.vips_concurrency_set(wanted.concurrency());
        lib.vips_cache_set_max(wanted.cacheMaxOperations());
        lib.vips_cache_set_max_mem(new NativeLong(wanted.cacheMaxMemoryBytes()));
        lib.vips_cache_set_max_files(wanted.cacheMaxOperations() == 0 ? 0 : 100);
        lib.vips_block_untrusted_set(wanted.blockUntrusted() ? 1 : 0);
        if (!wanted.allowedLoaders().isEmpty()) {
            lib.vips_operation_block_set("VipsForeignLoad", 1);
            for (String loader : wanted.allowedLoaders()) {
                lib.vips_operation_block_set(loader, 0);
            }
        } else if (settings != null && !settings.allowedLoaders().isEmpty()) {
            lib.vips_operation_block_set("VipsForeignLoad", 0);
            lib.vips_block_untrusted_set(wanted.blockUntrusted() ? 1 : 0);
        }
        settings = wanted;
    }

    /** The settings in force; starts libvips with server defaults if nobody did yet. */
    public static VipsSettings settings() {
        start();
        return settings;
    }

    /** The installed libvips version, for example "8.14.1". */
    public static String version() {
        start();
        VipsLibrary lib = VipsLibrary.INSTANCE;
        return lib.vips_version(0) + "." + lib.vips_version(1) + "." + lib.vips_version(2);
    }

    /** Threads libvips currently uses inside one operation. */
    public static int concurrency() {
        start();
        return VipsLibrary.INSTANCE.vips_concurrency_get();
    }

    /**
     * The output formats the installed libvips can write, found by encoding a tiny image in each. Debian's 8.14
     * writes all four (AVIF through libheif with the aom encoder).
     */
    public static Set<ImageFormat> savableFormats() {
        Set<ImageFormat> known = savableFormats;
        if (known != null) {
            return known;
        }
        start();
        EnumSet<ImageFormat> found = EnumSet.noneOf(ImageFormat.class);
        try (VipsImage probe = VipsImage.solid(16, 16, 40, 120, 200)) {
            for (ImageFormat format : ImageFormat.values()) {
                if (VipsLibrary.INSTANCE.vips_type_find("VipsOperation", format.saverNickname()).longValue() == 0) {
                    continue;
                }
                try {
                    probe.save(SaveOptions.of(format));
                    found.add(format);
                } catch (VipsException cannotEncode) {
                    // saver present but no encoder behind it (e.g. libheif without an AV1 encoder)
                }
            }
        }
        savableFormats = Set.copyOf(found);
        return savableFormats;
    }

    /** Whether the installed libvips can write this format. */
    public static boolean canSave(ImageFormat format) {
        return savableFormats().contains(format);
    }

    /** Ends libvips' per-thread state for the calling thread; {@link VipsThreads} calls it for its workers. */
    public static void threadShutdown() {
        VipsLibrary.INSTANCE.vips_thread_shutdown();
    }
}

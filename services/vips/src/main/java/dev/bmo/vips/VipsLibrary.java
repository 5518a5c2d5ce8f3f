package dev.bmo.vips;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.NativeLongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The raw libvips (and GLib) C functions this module calls. Package-private: callers use {@link VipsImage},
 * {@link VipsBuffer} and {@link Vips}.
 *
 * <p>Every {@code Object...} method is a C varargs function: its option list is name/value pairs and must end
 * with a null. Callers go through {@link Options}, which always appends the terminator.
 * {@code size_t} is {@link NativeLong} (LP64 Linux).
 */
interface VipsLibrary extends Library {

    VipsLibrary INSTANCE = load();

    /** libvips' {@code vips_area_free_cb}: a VipsCallbackFn that g_frees its first argument. */
    Pointer AREA_FREE_CB = function("vips_area_free_cb");

    /** The address of a C function of libvips, for passing as a callback. */
    private static Pointer function(String name) {
        try {
            return com.sun.jna.NativeLibrary.getInstance("vips").getFunction(name);
        } catch (UnsatisfiedLinkError noDevSymlink) {
            return com.sun.jna.NativeLibrary.getInstance("libvips.so.42").getFunction(name);
        }
    }

    private static VipsLibrary load() {
        try {
            return Native.load("vips", VipsLibrary.class);
        } catch (UnsatisfiedLinkError noDevSymlink) {
            // libvips.so is only a symlink installed by libvips-dev; runtimes have the versioned name
            return Native.load("libvips.so.42", VipsLibrary.class);
        }
    }

    // --- process and threads
    int vips_init(String argv0);

    int vips_version(int flag);

    void vips_block_untrusted_set(int state);

    void vips_operation_block_set(String name, int state);

    void vips_cache_set_max(int max);

    void vips_cache_set_max_mem(NativeLong maxBytes);

    void vips_cache_set_max_files(int max);

    void vips_concurrency_set(int concurrency);

    int vips_concurrency_get();

    void vips_thread_shutdown();

    NativeLong vips_type_find(String basename, String nickname);

    // --- errors
    String vips_error_buffer();

    void vips_error_clear();

    // --- GLib memory and reference counting (reached through libvips' own dependencies)
    void g_object_unref(Pointer object);

    void g_free(Pointer memory);

    /** NULL when the memory cannot be had (unlike g_malloc, which aborts the process). */
    Pointer g_try_malloc(NativeLong size);

    void g_strfreev(Pointer strv);

    void vips_area_unref(Pointer area);

    // --- sources and loading
    Pointer vips_blob_copy(byte[] data, NativeLong length);

    Pointer vips_source_new_from_blob(Pointer blob);

    /** A blob over {@code data} that calls {@code freeFn(data, area)} when its last reference goes. */
    Pointer vips_blob_new(Pointer freeFn, Pointer data, NativeLong length);

    Pointer vips_image_new_from_source(Pointer source, String optionString, Object... options);

    Pointer vips_image_new_from_file(String name, Object... options);

    String vips_foreign_find_load_source(Pointer source);

    String vips_foreign_find_load(String filename);

    // --- header
    int vips_image_get_width(Pointer image);

    int vips_image_get_height(Pointer image);

    int vips_image_get_bands(Pointer image);

    int vips_image_get_format(Pointer image);

    int vips_image_get_interpretation(Pointer image);

    int vips_image_get_n_pages(Pointer image);

    int vips_image_hasalpha(Pointer image);

    NativeLong vips_image_get_typeof(Pointer image, String name);

    int vips_image_get_string(Pointer image, String name, PointerByReference out);

    int vips_image_get_int(Pointer image, String name, com.sun.jna.ptr.IntByReference out);

    int vips_image_remove(Pointer image, String name);

    void vips_image_set_string(Pointer image, String name, String value);

    void vips_image_set_int(Pointer image, String name, int value);

    void vips_image_set_blob_copy(Pointer image, String name, byte[] data, NativeLong length);

    Pointer vips_image_get_fields(Pointer image);

    // --- operations
    int vips_thumbnail_source(Pointer source, PointerByReference out, int width, Object... options);

    int vips_thumbnail(String filename, PointerByReference out, int width, Object... options);

    int vips_thumbnail_image(Pointer in, PointerByReference out, int width, Object... options);

    int vips_extract_area(Pointer in, PointerByReference out, int left, int top, int width, int height,
            Object... options);

    int vips_extract_band(Pointer in, PointerByReference out, int band, Object... options);

    int vips_embed(Pointer in, PointerByReference out, int x, int y, int width, int height, Object... options);

    int vips_composite2(Pointer base, Pointer overlay, PointerByReference out, int mode, Object... options);

    int vips_text(PointerByReference out, String text, Object... options);

    int vips_linear(Pointer in, PointerByReference out, double[] a, double[] b, int n, Object... options);

    int vips_bandjoin2(Pointer a, Pointer b, PointerByReference out, Object... options);

    int vips_cast(Pointer in, PointerByReference out, int format, Object... options);

    int vips_copy(Pointer in, PointerByReference out, Object... options);

    int vips_flatten(Pointer in, PointerByReference out, Object... options);

    int vips_icc_transform(Pointer in, PointerByReference out, String outputProfile, Object... options);

    int vips_colourspace(Pointer in, PointerByReference out, int space, Object... options);

    int vips_autorot(Pointer in, PointerByReference out, Object... options);

    int vips_black(PointerByReference out, int width, int height, Object... options);

    int vips_gaussnoise(PointerByReference out, int width, int height, Object... options);

    int vips_avg(Pointer in, double[] out, Object... options);

    int vips_max(Pointer in, double[] out, Object... options);

    int vips_dE00(Pointer left, Pointer right, PointerByReference out, Object... options);

    int vips_getpoint(Pointer in, PointerByReference vector, com.sun.jna.ptr.IntByReference n, int x, int y,
            Object... options);

    Pointer vips_image_copy_memory(Pointer image);

    Pointer vips_image_new_from_image(Pointer image, double[] constants, int n);

    Pointer vips_array_double_new(double[] array, int n);

    // --- saving
    int vips_jpegsave_buffer(Pointer in, PointerByReference buf, NativeLongByReference len, Object... options);

    int vips_webpsave_buffer(Pointer in, PointerByReference buf, NativeLongByReference len, Object... options);

    int vips_pngsave_buffer(Pointer in, PointerByReference buf, NativeLongByReference len, Object... options);

    int vips_heifsave_buffer(Pointer in, PointerByReference buf, NativeLongByReference len, Object... options);
}

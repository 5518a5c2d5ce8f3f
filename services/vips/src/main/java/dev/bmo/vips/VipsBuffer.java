package dev.bmo.vips;

import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.util.Optional;

/**
 * Encoded image bytes copied once into libvips memory, so they can be inspected and then decoded without
 * copying again. libvips reads images lazily: images made from this buffer keep its memory alive on their own,
 * so the buffer may be closed before them.
 */
public final class VipsBuffer implements AutoCloseable {

    private static final int SEQUENTIAL = 1;

    private Pointer source;
    private final int length;

    private VipsBuffer(Pointer source, int length) {
        this.source = source;
        this.length = length;
    }

    /** Copies the bytes into libvips memory. */
    public static VipsBuffer copyOf(byte[] data) {
        if (data == null || data.length == 0) {
            throw new IllegalArgumentException("image data is empty");
        }
        Vips.start();
        VipsLibrary lib = VipsLibrary.INSTANCE;
        Pointer blob = lib.vips_blob_copy(data, new NativeLong(data.length));
        if (blob == null) {
            throw Errors.failure("vips_blob_copy");
        }
        try {
            Pointer source = lib.vips_source_new_from_blob(blob);
            if (source == null) {
                throw Errors.failure("vips_source_new_from_blob");
            }
            return new VipsBuffer(source, data.length);
        } finally {
            lib.vips_area_unref(blob); // the source holds its own reference
        }
    }

    /**
     * Takes over native bytes without copying them: libvips frees the memory when the last image made from this
     * buffer is gone. {@code bytes} is left adopted (closing it then does nothing).
     */
    public static VipsBuffer adopt(NativeBytes bytes) {
        Vips.start();
        VipsLibrary lib = VipsLibrary.INSTANCE;
        int length = bytes.length();
        Pointer blob = lib.vips_blob_new(VipsLibrary.AREA_FREE_CB, bytes.release(), new NativeLong(length));
        try {
            Pointer source = lib.vips_source_new_from_blob(blob);
            if (source == null) {
                throw Errors.failure("vips_source_new_from_blob");
            }
            return new VipsBuffer(source, length);
        } finally {
            lib.vips_area_unref(blob); // the source holds its own reference; the last one frees the memory
        }
    }

    public int length() {
        return length;
    }

    /** The loader libvips would use, for example {@code jpegload_source}; empty if the bytes are no image it knows. */
    public Optional<String> loader() {
        String loader = VipsLibrary.INSTANCE.vips_foreign_find_load_source(open());
        if (loader == null) {
            VipsLibrary.INSTANCE.vips_error_clear();
        }
        return Optional.ofNullable(loader);
    }

    /** Reads the header only: no pixels are decoded. Throws if the bytes are no image libvips will load. */
    public ImageHeader inspect() {
        try (VipsImage image = load()) {
            return image.header();
        }
    }

    /** Opens the image lazily for one top-to-bottom pass; pixels are decoded when an output is computed. */
    public VipsImage load() {
        return load(Options.none().put("access", SEQUENTIAL).put("fail_on", 1));
    }

    /** Opens a JPEG decoded at 1/{@code shrink} of its size (1, 2, 4 or 8) by libjpeg's DCT scaling. */
    private VipsImage load(int shrink, boolean failOnTruncated) {
        Options options = Options.none().put("access", SEQUENTIAL).put("fail_on", failOnTruncated ? 1 : 0);
        return load(shrink > 1 ? options.put("shrink", shrink) : options);
    }

    private VipsImage load(Options options) {
        Pointer image = VipsLibrary.INSTANCE.vips_image_new_from_source(open(), "", options.toVarargs());
        if (image == null) {
            throw Errors.failure("vips_image_new_from_source");
        }
        return new VipsImage(image);
    }

    /**
     * Shrinks on load to the requested size; see {@link ThumbnailOptions}. The header is read first (no pixels).
     * Colour: only a source with an ICC profile (or CMYK) goes through an ICC transform to sRGB, exactly once
     * (perceptual, with black point compensation, at the shrink-on-load size before the resize, as sharp does);
     * any other source is sRGB already (or its grey or 16-bit form, converted by libvips' exact colourspace
     * conversion) and never goes through one. That also spares plain 8-bit sRGB sources the transform's CPU
     * (about a third of a small render). A JPEG is decoded at the {@link ThumbnailOptions#jpegShrink} scale
     * when fast shrink-on-load is asked for.
     */
    public VipsImage thumbnail(ThumbnailOptions requested) {
        ThumbnailPlan plan = ThumbnailPlan.of(requested, this::load);
        ThumbnailOptions options = plan.options();
        int shrink = plan.shrink();
        boolean colourspaceAfter = plan.colourspaceAfter();
        boolean iccFirst = plan.iccFirst();
        if (iccFirst) {
            // the ICC transform (with black point compensation, which vips_thumbnail cannot do) at the
            // shrink-on-load size, then the resize in sRGB: the order sharp uses
            try (VipsImage loaded = load(shrink, options.failOnTruncated()); VipsImage srgb = loaded.iccToSrgb()) {
                return srgb.thumbnail(options.withToSrgb(false));
            }
        }
        VipsImage thumbnail;
        if (shrink > 1) {
            // decoded at 1/shrink by libjpeg; vips_thumbnail_image then rotates, converts and resamples
            try (VipsImage shrunk = load(shrink, options.failOnTruncated())) {
                thumbnail = shrunk.thumbnail(options);
            }
        } else {
            PointerByReference out = new PointerByReference();
            Errors.check(VipsLibrary.INSTANCE.vips_thumbnail_source(open(), out, options.width(),
                    options.toSourceOptions().toVarargs()), "vips_thumbnail_source");
            thumbnail = new VipsImage(out.getValue());
        }
        return colourspaceAfter ? thumbnail.toSrgbWithoutIcc() : thumbnail;
    }

    private Pointer open() {
        if (source == null) {
            throw new IllegalStateException("VipsBuffer is closed");
        }
        return source;
    }

    @Override
    public void close() {
        if (source != null) {
            VipsLibrary.INSTANCE.g_object_unref(source);
            source = null;
        }
    }
}

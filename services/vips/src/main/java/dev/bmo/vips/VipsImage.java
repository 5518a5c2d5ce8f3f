package dev.bmo.vips;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.NativeLongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A libvips image. Every operation returns a new image and leaves this one as it was; close each image you get
 * (try-with-resources): closing unrefs it exactly once, closing again does nothing. libvips keeps whatever a
 * result depends on alive by itself, so inputs may be closed before their outputs.
 *
 * <p>Not thread-safe: use one image from one thread at a time. Pixels are computed lazily, on {@link #save}.
 */
public final class VipsImage implements AutoCloseable {

    private static final AtomicLong OPEN = new AtomicLong();
    private static final int SEQUENTIAL = 1;
    private static final int INTERPRETATION_SRGB = 22;
    private static final int INTERPRETATION_CMYK = 15;
    private static final int BLEND_OVER = 2;
    private static final int EXTEND_BACKGROUND = 5;
    private static final String ICC_FIELD = "icc-profile-data";
    /** VIPS_INTENT_PERCEPTUAL. */
    private static final int INTENT_PERCEPTUAL = 0;
    /** Header fields that are part of every image rather than metadata; never removed when stripping. */
    private static final Set<String> BUILT_IN_FIELDS = Set.of("width", "height", "bands", "format", "coding",
            "interpretation", "xoffset", "yoffset", "xres", "yres", "filename", "vips-loader", "n-pages",
            "page-height", "bits-per-sample", "resolution-unit");

    private Pointer handle;

    VipsImage(Pointer handle) {
        if (handle == null) {
            throw new IllegalArgumentException("null image");
        }
        this.handle = handle;
        OPEN.incrementAndGet();
    }

    /** Images made and not yet closed, process-wide: a leak check for tests and metrics. */
    public static long openImages() {
        return OPEN.get();
    }

    // ---------------------------------------------------------------- making images

    /** Opens encoded bytes lazily (sequential access). The bytes are copied; see {@link VipsBuffer}. */
    public static VipsImage fromBuffer(byte[] data) {
        try (VipsBuffer buffer = VipsBuffer.copyOf(data)) {
            return buffer.load();
        }
    }

    /** Opens a file lazily (sequential access). */
    public static VipsImage fromFile(Path file) {
        Vips.start();
        requireReadable(file);
        Pointer image = VipsLibrary.INSTANCE.vips_image_new_from_file(file.toString(),
                Options.none().put("access", SEQUENTIAL).put("fail_on", 1).toVarargs());
        if (image == null) {
            throw Errors.failure("vips_image_new_from_file");
        }
        return new VipsImage(image);
    }

    /** Reads only the header of encoded bytes. */
    public static ImageHeader inspect(byte[] data) {
        try (VipsBuffer buffer = VipsBuffer.copyOf(data)) {
            return buffer.inspect();
        }
    }

    /** Reads only the header of a file. */
    public static ImageHeader inspect(Path file) {
        try (VipsImage image = fromFile(file)) {
            return image.header();
        }
    }

    /** Shrink-on-load thumbnail of encoded bytes. */
    public static VipsImage thumbnail(byte[] data, ThumbnailOptions options) {
        try (VipsBuffer buffer = VipsBuffer.copyOf(data)) {
            return buffer.thumbnail(options);
        }
    }

    /**
     * Shrink-on-load thumbnail of a file; colour as {@link VipsBuffer#thumbnail} (one ICC transform at most), and
     * a JPEG decoded at the {@link ThumbnailOptions#jpegShrink} scale when fast shrink-on-load is asked for.
     */
    public static VipsImage thumbnail(Path file, ThumbnailOptions options) {
        Vips.start();
        requireReadable(file);
        ThumbnailPlan plan = ThumbnailPlan.of(options, () -> fromFile(file));
        options = plan.options();
        int shrink = plan.shrink();
        boolean colourspaceAfter = plan.colourspaceAfter();
        boolean iccFirst = plan.iccFirst();
        if (iccFirst || shrink > 1) {
            // decoded at 1/shrink by libjpeg; the ICC transform (when the source has a profile) at that size,
            // then vips_thumbnail_image rotates, converts and resamples
            Options load = Options.none().put("access", SEQUENTIAL).put("fail_on", options.failOnTruncated() ? 1 : 0);
            if (shrink > 1) {
                load.put("shrink", shrink);
            }
            Pointer image = VipsLibrary.INSTANCE.vips_image_new_from_file(file.toString(), load.toVarargs());
            if (image == null) {
                throw Errors.failure("vips_image_new_from_file");
            }
            try (VipsImage loaded = new VipsImage(image)) {
                if (iccFirst) {
                    try (VipsImage srgb = loaded.iccToSrgb()) {
                        return srgb.thumbnail(options.withToSrgb(false));
                    }
                }
                VipsImage thumbnail = loaded.thumbnail(options);
                return colourspaceAfter ? thumbnail.toSrgbWithoutIcc() : thumbnail;
            }
        }
        PointerByReference out = new PointerByReference();
        Errors.check(VipsLibrary.INSTANCE.vips_thumbnail(file.toString(), out, options.width(),
                options.toOptions().toVarargs()), "vips_thumbnail");
        VipsImage thumbnail = new VipsImage(out.getValue());
        return colourspaceAfter ? thumbnail.toSrgbWithoutIcc() : thumbnail;
    }

    /** An image of one colour: 1 value for grey, 3 for sRGB, 4 for sRGB with alpha (0..255 each). */
    public static VipsImage solid(int width, int height, double... colour) {
        Vips.start();
        if (colour.length < 1 || colour.length > 4) {
            throw new IllegalArgumentException("give 1 to 4 colour values");
        }
        VipsLibrary lib = VipsLibrary.INSTANCE;
        try (VipsImage black = call("vips_black", out -> lib.vips_black(out, width, height,
                Options.none().put("bands", 1).toVarargs()))) {
            Pointer constant = lib.vips_image_new_from_image(black.handle(), colour, colour.length);
            if (constant == null) {
                throw Errors.failure("vips_image_new_from_image");
            }
            try (VipsImage filled = new VipsImage(constant);
                    VipsImage uchar = filled.cast(BandFormat.UCHAR)) {
                return uchar.withInterpretation(colour.length >= 3 ? INTERPRETATION_SRGB : 1);
            }
        }
    }

    /** Random noise, a stand-in for photo content in tests and benchmarks (hard to compress, like a photo). */
    public static VipsImage noise(int width, int height, int bands) {
        return noise(width, height, bands, null);
    }

    /** The same noise every time for a seed (band {@code i} from {@code seed + i}): reproducible test images. */
    public static VipsImage noise(int width, int height, int bands, int seed) {
        return noise(width, height, bands, Integer.valueOf(seed));
    }

    private static VipsImage noise(int width, int height, int bands, Integer seed) {
        Vips.start();
        VipsLibrary lib = VipsLibrary.INSTANCE;
        VipsImage[] planes = new VipsImage[bands];
        try {
            for (int i = 0; i < bands; i++) {
                Options options = Options.none().put("mean", 128.0).put("sigma", 40.0);
                if (seed != null) {
                    options.put("seed", seed + i);
                }
                planes[i] = call("vips_gaussnoise", out -> lib.vips_gaussnoise(out, width, height,
                        options.toVarargs()));
            }
            VipsImage joined = planes[0].cast(BandFormat.UCHAR);
            for (int i = 1; i < bands; i++) {
                try (VipsImage previous = joined; VipsImage plane = planes[i].cast(BandFormat.UCHAR)) {
                    joined = previous.bandjoin(plane);
                }
            }
            try (VipsImage result = joined) {
                return result.withInterpretation(bands >= 3 ? INTERPRETATION_SRGB : 1);
            }
        } finally {
            for (VipsImage plane : planes) {
                if (plane != null) {
                    plane.close();
                }
            }
        }
    }

    /**
     * Renders plain text (never interpreted as Pango markup: it is escaped here, inside the one span this method
     * writes for the colour) as an sRGB image with alpha, the text in the colour of {@code options} on a
     * transparent background. Emoji are drawn in their own colours (with an emoji font installed, such as Noto
     * Color Emoji); right-to-left scripts are laid out by Pango's bidi.
     */
    public static VipsImage text(String plainText, TextOptions options) {
        Vips.start();
        if (plainText == null || plainText.isEmpty()) {
            throw new IllegalArgumentException("text is empty");
        }
        VipsLibrary lib = VipsLibrary.INSTANCE;
        Options textOptions = Options.none().put("font", options.pangoFont()).put("dpi", 72).put("rgba", true);
        if (options.maxWidth() > 0) {
            textOptions.put("width", options.maxWidth());
        }
        String markup = String.format("<span foreground=\"#%02x%02x%02x\">%s</span>", options.red(),
                options.green(), options.blue(), escapeMarkup(plainText));
        try (VipsImage rgba = call("vips_text", out -> lib.vips_text(out, markup, textOptions.toVarargs()))) {
            return rgba.withInterpretation(INTERPRETATION_SRGB);
        }
    }

    static String escapeMarkup(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&apos;");
    }

    // ---------------------------------------------------------------- header

    public int width() {
        return VipsLibrary.INSTANCE.vips_image_get_width(handle());
    }

    public int height() {
        return VipsLibrary.INSTANCE.vips_image_get_height(handle());
    }

    public int bands() {
        return VipsLibrary.INSTANCE.vips_image_get_bands(handle());
    }

    public BandFormat format() {
        return BandFormat.of(VipsLibrary.INSTANCE.vips_image_get_format(handle()));
    }

    public int pages() {
        return VipsLibrary.INSTANCE.vips_image_get_n_pages(handle());
    }

    public boolean hasAlpha() {
        return VipsLibrary.INSTANCE.vips_image_hasalpha(handle()) != 0;
    }

    public boolean hasIccProfile() {
        return hasField(ICC_FIELD);
    }

    /** 8-bit sRGB (with or without alpha) and no ICC profile: already what {@link #toSrgb()} would make. */
    public boolean isPlainSrgb() {
        return VipsLibrary.INSTANCE.vips_image_get_interpretation(handle()) == INTERPRETATION_SRGB
                && format() == BandFormat.UCHAR && (bands() == 3 || bands() == 4) && !hasIccProfile();
    }

    /**
     * Whether reaching sRGB takes an ICC transform: the image has an embedded profile, or it is CMYK (through
     * libvips' fallback CMYK profile when it has none). Everything else is taken to be sRGB (or its grey or
     * 16-bit form) already and must never go through one: libvips' sRGB-to-sRGB transform is not an identity
     * (pure blue (0,0,254) comes out (84,15,253)).
     */
    public boolean needsIccTransform() {
        return hasIccProfile()
                || VipsLibrary.INSTANCE.vips_image_get_interpretation(handle()) == INTERPRETATION_CMYK;
    }

    /**
     * The one ICC transform of a source that needs one ({@link #needsIccTransform}) to 8-bit sRGB, as sharp makes
     * it: the embedded profile (CMYK without one: libvips' fallback CMYK profile), perceptual intent with black
     * point compensation. vips_thumbnail's own transform has no black point compensation (libvips 8.14), and
     * without it CMYK sources came out 2-3 dE00 apart from sharp (whose lcms 2.16 compensates); with it 0.4.
     * The result carries no ICC profile (it is plain sRGB now). Alpha is kept.
     */
    VipsImage iccToSrgb() {
        VipsLibrary lib = VipsLibrary.INSTANCE;
        boolean cmyk = lib.vips_image_get_interpretation(handle()) == INTERPRETATION_CMYK;
        try (VipsImage srgb = call("vips_icc_transform", out -> lib.vips_icc_transform(handle(), out, "srgb",
                Options.none().put("embedded", true).put("input_profile", cmyk ? "cmyk" : "srgb")
                        .put("intent", INTENT_PERCEPTUAL).put("black_point_compensation", true).put("depth", 8)
                        .toVarargs()))) {
            VipsImage plain = srgb.copy();
            lib.vips_image_remove(plain.handle(), ICC_FIELD);
            return plain;
        }
    }

    /**
     * Consumes this image and returns it as 8-bit sRGB without any ICC transform (grey and 16-bit forms by
     * libvips' colourspace conversion, which is exact for them); 8-bit sRGB is returned as it is.
     */
    VipsImage toSrgbWithoutIcc() {
        if (isPlainSrgb() || (VipsLibrary.INSTANCE.vips_image_get_interpretation(handle()) == INTERPRETATION_SRGB
                && format() == BandFormat.UCHAR)) {
            return this;
        }
        try (VipsImage source = this) {
            return call("vips_colourspace", out -> VipsLibrary.INSTANCE.vips_colourspace(source.handle(), out,
                    INTERPRETATION_SRGB, Options.none().toVarargs()));
        }
    }

    /** Whether a metadata field is set, for example {@code exif-data} or {@code icc-profile-data}. */
    public boolean hasField(String name) {
        return VipsLibrary.INSTANCE.vips_image_get_typeof(handle(), name).longValue() != 0;
    }

    /** A string metadata field, such as {@code vips-loader}. */
    public Optional<String> stringField(String name) {
        if (!hasField(name)) {
            return Optional.empty();
        }
        PointerByReference out = new PointerByReference();
        if (VipsLibrary.INSTANCE.vips_image_get_string(handle(), name, out) != 0) {
            VipsLibrary.INSTANCE.vips_error_clear();
            return Optional.empty();
        }
        return Optional.of(out.getValue().getString(0, "UTF-8")); // owned by the image: not freed
    }

    /** An integer metadata field, such as {@code orientation}; {@code fallback} when it is not set. */
    public int intField(String name, int fallback) {
        if (!hasField(name)) {
            return fallback;
        }
        com.sun.jna.ptr.IntByReference out = new com.sun.jna.ptr.IntByReference();
        if (VipsLibrary.INSTANCE.vips_image_get_int(handle(), name, out) != 0) {
            VipsLibrary.INSTANCE.vips_error_clear();
            return fallback;
        }
        return out.getValue();
    }

    /** The EXIF orientation (1..8; 1 when absent). 5..8 mean the upright image is {@link #height()} wide. */
    public int orientation() {
        return intField("orientation", 1);
    }

    public ImageHeader header() {
        int orientation = orientation();
        return new ImageHeader(width(), height(), bands(), format(), pages(), stringField("vips-loader").orElse(""),
                orientation >= 1 && orientation <= 8 ? orientation : 1, hasAlpha());
    }

    /** Mean of all pixel values over all bands; computes the pixels. */
    public double average() {
        double[] out = new double[1];
        Errors.check(VipsLibrary.INSTANCE.vips_avg(handle(), out, Options.none().toVarargs()), "vips_avg");
        return out[0];
    }

    /**
     * The values of one pixel (one per band). Computes the image; call it on an image in memory
     * ({@link #inMemory()}) when reading more than one pixel of a sequentially opened source.
     */
    public double[] pixel(int x, int y) {
        VipsLibrary lib = VipsLibrary.INSTANCE;
        PointerByReference vector = new PointerByReference();
        com.sun.jna.ptr.IntByReference n = new com.sun.jna.ptr.IntByReference();
        Errors.check(lib.vips_getpoint(handle(), vector, n, x, y, Options.none().toVarargs()), "vips_getpoint");
        Pointer values = vector.getValue();
        try {
            return values.getDoubleArray(0, n.getValue());
        } finally {
            lib.g_free(values);
        }
    }

    /** The image computed into memory: random access to its pixels (tests, small images). */
    public VipsImage inMemory() {
        Pointer copy = VipsLibrary.INSTANCE.vips_image_copy_memory(handle());
        if (copy == null) {
            throw Errors.failure("vips_image_copy_memory");
        }
        return new VipsImage(copy);
    }

    /** The largest pixel value over all bands; computes the pixels. */
    public double max() {
        double[] out = new double[1];
        Errors.check(VipsLibrary.INSTANCE.vips_max(handle(), out, Options.none().toVarargs()), "vips_max");
        return out[0];
    }

    /**
     * CIEDE2000 colour difference, pixel by pixel, between two images of the same size (both converted to Lab
     * first by libvips; 3 colour bands each): a one-band float image ({@link #average()}, {@link #max()}).
     */
    public VipsImage deltaE00(VipsImage other) {
        try (VipsImage a = colourspace("lab"); VipsImage b = other.colourspace("lab")) {
            return call("vips_dE00", out -> VipsLibrary.INSTANCE.vips_dE00(a.handle(), b.handle(), out,
                    Options.none().toVarargs()));
        }
    }

    // ---------------------------------------------------------------- operations

    /** Shrinks (or enlarges) an already opened image; no shrink-on-load, so prefer the buffer/file variants. */
    public VipsImage thumbnail(ThumbnailOptions options) {
        if (options.toSrgb() && needsIccTransform()) {
            try (VipsImage srgb = iccToSrgb()) {
                return srgb.thumbnail(options.withToSrgb(false));
            }
        }
        boolean colourspaceAfter = options.toSrgb() && !needsIccTransform() && !isPlainSrgb();
        ThumbnailOptions colour = options.toSrgb() && !needsIccTransform() ? options.withToSrgb(false) : options;
        VipsImage thumbnail = call("vips_thumbnail_image", out -> VipsLibrary.INSTANCE.vips_thumbnail_image(handle(),
                out, colour.width(), colour.toOptions().toVarargs()));
        return colourspaceAfter ? thumbnail.toSrgbWithoutIcc() : thumbnail;
    }

    /** The rectangle at {@code left,top} of size {@code width x height}. */
    public VipsImage crop(int left, int top, int width, int height) {
        if (left < 0 || top < 0 || width < 1 || height < 1 || left + width > width() || top + height > height()) {
            throw new IllegalArgumentException("crop " + width + "x" + height + "+" + left + "+" + top
                    + " is outside the " + width() + "x" + height() + " image");
        }
        return call("vips_extract_area", out -> VipsLibrary.INSTANCE.vips_extract_area(handle(), out, left, top,
                width, height, Options.none().toVarargs()));
    }

    /** A {@code width x height} crop anchored by gravity; sizes larger than the image are clamped to it. */
    public VipsImage crop(int width, int height, Gravity gravity) {
        int w = Math.min(width, width());
        int h = Math.min(height, height());
        return crop(gravity.left(width(), w), gravity.top(height(), h), w, h);
    }

    /**
     * Places this image on a {@code width x height} canvas of {@code background} (one value per band, 0..255;
     * use alpha 0 for transparent on images with alpha), anchored by gravity.
     */
    public VipsImage embed(int width, int height, Gravity gravity, double... background) {
        if (width < width() || height < height()) {
            throw new IllegalArgumentException("embed canvas " + width + "x" + height + " is smaller than the "
                    + width() + "x" + height() + " image");
        }
        VipsLibrary lib = VipsLibrary.INSTANCE;
        Pointer array = lib.vips_array_double_new(background, background.length);
        try {
            return call("vips_embed", out -> lib.vips_embed(handle(), out, gravity.left(width, width()),
                    gravity.top(height, height()), width, height,
                    Options.none().put("extend", EXTEND_BACKGROUND).put("background", array).toVarargs()));
        } finally {
            lib.vips_area_unref(array);
        }
    }

    /**
     * Draws {@code overlay} (with alpha) over this image at {@code x,y} (blend mode "over"). The result has this
     * image's bands and format: an opaque image stays opaque.
     */
    public VipsImage composite(VipsImage overlay, int x, int y) {
        VipsLibrary lib = VipsLibrary.INSTANCE;
        boolean opaque = !hasAlpha();
        BandFormat baseFormat = format();
        try (VipsImage blended = call("vips_composite2", out -> lib.vips_composite2(handle(), overlay.handle(),
                out, BLEND_OVER, Options.none().put("x", x).put("y", y).toVarargs()))) {
            VipsImage result = opaque ? blended.dropAlpha() : blended.copy();
            if (result.format() == baseFormat) {
                return result;
            }
            try (VipsImage wrongFormat = result) {
                return wrongFormat.cast(baseFormat);
            }
        }
    }

    /** Multiplies the alpha band by {@code opacity} (0..1); an image without alpha gets one first. */
    public VipsImage withOpacity(double opacity) {
        if (opacity < 0 || opacity > 1) {
            throw new IllegalArgumentException("opacity must be 0..1, was " + opacity);
        }
        if (!hasAlpha()) {
            try (VipsImage withAlpha = addAlpha()) {
                return withAlpha.withOpacity(opacity);
            }
        }
        int n = bands();
        double[] a = new double[n];
        double[] b = new double[n];
        java.util.Arrays.fill(a, 1.0);
        a[n - 1] = opacity;
        try (VipsImage scaled = call("vips_linear", out -> VipsLibrary.INSTANCE.vips_linear(handle(), out, a, b, n,
                Options.none().put("uchar", format() == BandFormat.UCHAR).toVarargs()))) {
            return scaled.copy();
        }
    }

    /** Adds an opaque alpha band. */
    public VipsImage addAlpha() {
        try (VipsImage opaque = solidLike(255)) {
            return bandjoin(opaque);
        }
    }

    /** Removes the alpha band (without blending). */
    public VipsImage dropAlpha() {
        if (!hasAlpha()) {
            return copy();
        }
        return call("vips_extract_band", out -> VipsLibrary.INSTANCE.vips_extract_band(handle(), out, 0,
                Options.none().put("n", bands() - 1).toVarargs()));
    }

    /** Blends the alpha away onto a background colour (one value per colour band). */
    public VipsImage flatten(double... background) {
        if (!hasAlpha()) {
            return copy();
        }
        VipsLibrary lib = VipsLibrary.INSTANCE;
        Pointer array = lib.vips_array_double_new(background, background.length);
        try {
            return call("vips_flatten", out -> lib.vips_flatten(handle(), out,
                    Options.none().put("background", array).toVarargs()));
        } finally {
            lib.vips_area_unref(array);
        }
    }

    /** Rotates upright according to the EXIF orientation and removes the tag. */
    public VipsImage autorotate() {
        return call("vips_autorot", out -> VipsLibrary.INSTANCE.vips_autorot(handle(), out,
                Options.none().toVarargs()));
    }

    /**
     * Converts to sRGB: through the embedded ICC profile when there is one (the result carries an sRGB profile),
     * else by colourspace conversion (CMYK without a profile goes through libvips' fallback CMYK profile).
     */
    public VipsImage toSrgb() {
        VipsLibrary lib = VipsLibrary.INSTANCE;
        int interpretation = lib.vips_image_get_interpretation(handle());
        if (hasIccProfile() || interpretation == INTERPRETATION_CMYK) {
            return call("vips_icc_transform", out -> lib.vips_icc_transform(handle(), out, "srgb",
                    Options.none().put("embedded", true).put("input_profile",
                            interpretation == INTERPRETATION_CMYK ? "cmyk" : "srgb").toVarargs()));
        }
        if (interpretation == INTERPRETATION_SRGB) {
            return copy();
        }
        return call("vips_colourspace", out -> lib.vips_colourspace(handle(), out, INTERPRETATION_SRGB,
                Options.none().toVarargs()));
    }

    /** A copy without EXIF, XMP, IPTC and other metadata; the ICC profile stays if {@code keepIcc}. */
    public VipsImage withoutMetadata(boolean keepIcc) {
        VipsImage copy = copy();
        VipsLibrary lib = VipsLibrary.INSTANCE;
        Pointer fields = lib.vips_image_get_fields(copy.handle());
        try {
            for (int i = 0; ; i++) {
                Pointer name = fields.getPointer((long) i * com.sun.jna.Native.POINTER_SIZE);
                if (name == null) {
                    break;
                }
                String field = name.getString(0, "UTF-8");
                if (!BUILT_IN_FIELDS.contains(field) && !(keepIcc && field.equals(ICC_FIELD))) {
                    lib.vips_image_remove(copy.handle(), field);
                }
            }
        } finally {
            lib.g_strfreev(fields);
        }
        return copy;
    }

    /** A copy with a string metadata field set, for example {@code exif-ifd0-Artist}. */
    public VipsImage withStringField(String name, String value) {
        VipsImage copy = copy();
        VipsLibrary.INSTANCE.vips_image_set_string(copy.handle(), name, value);
        return copy;
    }

    /** A copy with a binary metadata field set, for example {@code xmp-data} or {@code iptc-data}. */
    public VipsImage withBlobField(String name, byte[] value) {
        VipsImage copy = copy();
        VipsLibrary.INSTANCE.vips_image_set_blob_copy(copy.handle(), name, value,
                new com.sun.jna.NativeLong(value.length));
        return copy;
    }

    /** A copy with an integer metadata field set, for example {@code orientation}. */
    public VipsImage withIntField(String name, int value) {
        VipsImage copy = copy();
        VipsLibrary.INSTANCE.vips_image_set_int(copy.handle(), name, value);
        return copy;
    }

    /** Tags the image with libvips' built-in sRGB ICC profile (pixels unchanged); for tests of profile handling. */
    VipsImage withSrgbProfile() {
        return call("vips_icc_transform", out -> VipsLibrary.INSTANCE.vips_icc_transform(handle(), out, "srgb",
                Options.none().put("input_profile", "srgb").toVarargs()));
    }

    /**
     * Converts (sRGB) pixels to a named ICC profile and tags the result with it: {@code "p3"}, {@code "cmyk"},
     * {@code "srgb"} (libvips' built-in ones) or a profile file. For making tagged test sources.
     */
    public VipsImage convertToProfile(String profile) {
        return call("vips_icc_transform", out -> VipsLibrary.INSTANCE.vips_icc_transform(handle(), out, profile,
                Options.none().put("input_profile", "srgb").toVarargs()));
    }

    /** libvips' colourspace conversion to 16-bit RGB ({@code rgb16}), 16-bit grey ({@code grey16}) or 8-bit grey. */
    public VipsImage colourspace(String space) {
        int target = switch (space) {
            case "rgb16" -> 25;
            case "grey16" -> 26;
            case "b-w" -> 1;
            case "srgb" -> INTERPRETATION_SRGB;
            case "lab" -> 13;
            default -> throw new IllegalArgumentException("unknown colourspace " + space);
        };
        return call("vips_colourspace", out -> VipsLibrary.INSTANCE.vips_colourspace(handle(), out, target,
                Options.none().toVarargs()));
    }

    public VipsImage cast(BandFormat target) {
        return call("vips_cast", out -> VipsLibrary.INSTANCE.vips_cast(handle(), out, target.vipsValue(),
                Options.none().toVarargs()));
    }

    /** Appends the bands of {@code other} (same size) to this image's bands. */
    public VipsImage bandjoin(VipsImage other) {
        return call("vips_bandjoin2", out -> VipsLibrary.INSTANCE.vips_bandjoin2(handle(), other.handle(), out,
                Options.none().toVarargs()));
    }

    /** A new reference-counted copy (shares pixels; metadata can then be changed on the copy). */
    public VipsImage copy() {
        return call("vips_copy", out -> VipsLibrary.INSTANCE.vips_copy(handle(), out, Options.none().toVarargs()));
    }

    // ---------------------------------------------------------------- saving

    /**
     * Encodes the image; this is where the pixels are computed. JPEG output of an image with alpha is flattened
     * onto white.
     */
    public byte[] save(SaveOptions options) {
        if (options.format() == ImageFormat.JPEG && hasAlpha()) {
            try (VipsImage flat = flatten(255, 255, 255)) {
                return flat.save(options);
            }
        }
        if (options.metadata() != SaveOptions.Metadata.KEEP_ALL) {
            // the fields themselves go, not only the saver's strip flag: libvips 8.14.1's webpsave ignores strip
            // and writes whatever EXIF/XMP the image carries (a GPS position included)
            try (VipsImage stripped = withoutMetadata(options.metadata() == SaveOptions.Metadata.KEEP_ICC)) {
                byte[] bytes = stripped.encode(options, options.metadata() == SaveOptions.Metadata.STRIP_ALL);
                return options.format() == ImageFormat.WEBP
                        ? WebpChunks.stripMetadata(bytes, options.metadata() == SaveOptions.Metadata.KEEP_ICC)
                        : bytes;
            }
        }
        return encode(options, false);
    }

    /** Encodes and writes to a file (atomically: a temporary file is moved into place). */
    public void save(SaveOptions options, Path file) throws java.io.IOException {
        byte[] bytes = save(options);
        Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), ".vips-", ".tmp");
        try {
            Files.write(temp, bytes);
            Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private byte[] encode(SaveOptions options, boolean strip) {
        VipsLibrary lib = VipsLibrary.INSTANCE;
        PointerByReference buffer = new PointerByReference();
        NativeLongByReference length = new NativeLongByReference();
        Options saveOptions = Options.none().put("strip", strip);
        int result;
        String operation;
        switch (options.format()) {
            case JPEG -> {
                saveOptions.put("Q", options.quality()).put("optimize_coding", true)
                        .put("interlace", options.progressive());
                operation = "vips_jpegsave_buffer";
                result = lib.vips_jpegsave_buffer(handle(), buffer, length, saveOptions.toVarargs());
            }
            case WEBP -> {
                saveOptions.put("Q", options.quality());
                if (options.effort() >= 0) {
                    saveOptions.put("effort", Math.min(options.effort(), 6));
                }
                operation = "vips_webpsave_buffer";
                result = lib.vips_webpsave_buffer(handle(), buffer, length, saveOptions.toVarargs());
            }
            case PNG -> {
                saveOptions.put("interlace", options.progressive());
                if (options.effort() >= 0) {
                    saveOptions.put("compression", options.effort());
                }
                operation = "vips_pngsave_buffer";
                result = lib.vips_pngsave_buffer(handle(), buffer, length, saveOptions.toVarargs());
            }
            case AVIF -> {
                saveOptions.put("Q", options.quality()).put("compression", 4); // VIPS_FOREIGN_HEIF_COMPRESSION_AV1
                if (options.effort() >= 0) {
                    saveOptions.put("effort", options.effort());
                }
                operation = "vips_heifsave_buffer";
                result = lib.vips_heifsave_buffer(handle(), buffer, length, saveOptions.toVarargs());
            }
            default -> throw new IllegalArgumentException("unsupported format " + options.format());
        }
        Errors.check(result, operation);
        Pointer data = buffer.getValue();
        try {
            return data.getByteArray(0, Math.toIntExact(length.getValue().longValue()));
        } finally {
            lib.g_free(data);
        }
    }

    // ---------------------------------------------------------------- life cycle

    /** Unrefs the image; idempotent. */
    @Override
    public void close() {
        Pointer h = handle;
        if (h != null) {
            handle = null;
            VipsLibrary.INSTANCE.g_object_unref(h);
            OPEN.decrementAndGet();
        }
    }

    public boolean isClosed() {
        return handle == null;
    }

    Pointer handle() {
        if (handle == null) {
            throw new IllegalStateException("VipsImage is closed");
        }
        return handle;
    }

    private VipsImage solidLike(double value) {
        Pointer constant = VipsLibrary.INSTANCE.vips_image_new_from_image(handle(), new double[] {value}, 1);
        if (constant == null) {
            throw Errors.failure("vips_image_new_from_image");
        }
        return new VipsImage(constant);
    }

    private VipsImage withInterpretation(int interpretation) {
        return call("vips_copy", out -> VipsLibrary.INSTANCE.vips_copy(handle(), out,
                Options.none().put("interpretation", interpretation).toVarargs()));
    }

    private static void requireReadable(Path file) {
        if (!Files.isReadable(file)) {
            throw new VipsException("open", "cannot read " + file);
        }
    }

    @FunctionalInterface
    private interface Call {
        int invoke(PointerByReference out);
    }

    private static VipsImage call(String operation, Call call) {
        PointerByReference out = new PointerByReference();
        Errors.check(call.invoke(out), operation);
        return new VipsImage(out.getValue());
    }
}

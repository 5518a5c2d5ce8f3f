package dev.bmo.vips;

/**
 * How {@code vips_thumbnail} should size an image. The loader shrinks on load where it can (JPEG DCT scaling,
 * WebP and HEIF scaled decode), so asking for a small thumbnail of a huge image is cheap.
 *
 * @param width      target width (box width for {@link Size#DOWN}/{@link Size#BOTH}); at least 1
 * @param height     target height; at least 1
 * @param size       whether to only shrink, only enlarge, both, or force the exact size (ignoring aspect)
 * @param crop       when not {@link Crop#NONE}: fill the box, then crop to it
 * @param autorotate apply the EXIF orientation (libvips' default)
 * @param toSrgb     convert to 8-bit sRGB: through the embedded ICC profile (CMYK without one: libvips' fallback
 *                   CMYK profile), exactly once; a source without a profile is taken as sRGB and only goes
 *                   through libvips' colourspace conversion when it is grey or 16-bit
 * @param failOnTruncated raise an error for truncated or corrupt data instead of returning a grey tail
 * @param fastShrinkOnLoad let a JPEG's DCT scaling do as much of the shrink as it can while keeping at least the
 *                   target size (as sharp does). libvips' own choice leaves a further factor of 2 or more to its
 *                   resampler: slightly crisper, but it decodes up to four times the pixels
 */
public record ThumbnailOptions(int width, int height, Size size, Crop crop, boolean autorotate, boolean toSrgb,
        boolean failOnTruncated, boolean fastShrinkOnLoad) {

    /** Largest dimension libvips accepts; "unbounded" in one direction. */
    public static final int UNBOUNDED = 10_000_000;

    public enum Size {
        BOTH, UP, DOWN, FORCE
    }

    public enum Crop {
        NONE, CENTRE, ENTROPY, ATTENTION
    }

    public ThumbnailOptions {
        if (width < 1 || height < 1 || width > UNBOUNDED || height > UNBOUNDED) {
            throw new IllegalArgumentException("thumbnail size out of range: " + width + "x" + height);
        }
    }

    /** Fit inside {@code width x height}, keeping the aspect ratio, never enlarging; sRGB; strict decoding. */
    public static ThumbnailOptions fitInside(int width, int height) {
        return new ThumbnailOptions(width, height, Size.DOWN, Crop.NONE, true, true, true, false);
    }

    /** Shrink to a width, any height. */
    public static ThumbnailOptions width(int width) {
        return fitInside(width, UNBOUNDED);
    }

    /** Exactly {@code width x height}, ignoring the aspect ratio (give it the aspect-correct size to keep it). */
    public static ThumbnailOptions exactly(int width, int height) {
        return new ThumbnailOptions(width, height, Size.FORCE, Crop.NONE, true, true, true, false);
    }

    /** Fill {@code width x height} and crop the overflow around the centre. */
    public static ThumbnailOptions cover(int width, int height) {
        return new ThumbnailOptions(width, height, Size.BOTH, Crop.CENTRE, true, true, true, false);
    }

    public ThumbnailOptions withSize(Size newSize) {
        return new ThumbnailOptions(width, height, newSize, crop, autorotate, toSrgb, failOnTruncated,
                fastShrinkOnLoad);
    }

    public ThumbnailOptions withCrop(Crop newCrop) {
        return new ThumbnailOptions(width, height, size, newCrop, autorotate, toSrgb, failOnTruncated,
                fastShrinkOnLoad);
    }

    public ThumbnailOptions withAutorotate(boolean on) {
        return new ThumbnailOptions(width, height, size, crop, on, toSrgb, failOnTruncated, fastShrinkOnLoad);
    }

    public ThumbnailOptions withToSrgb(boolean on) {
        return new ThumbnailOptions(width, height, size, crop, autorotate, on, failOnTruncated, fastShrinkOnLoad);
    }

    public ThumbnailOptions withFailOnTruncated(boolean on) {
        return new ThumbnailOptions(width, height, size, crop, autorotate, toSrgb, on, fastShrinkOnLoad);
    }

    public ThumbnailOptions withFastShrinkOnLoad(boolean on) {
        return new ThumbnailOptions(width, height, size, crop, autorotate, toSrgb, failOnTruncated, on);
    }

    /**
     * The JPEG shrink-on-load factor (1, 2, 4 or 8) for a stored {@code sourceWidth x sourceHeight} image with this
     * EXIF orientation: the largest that still decodes at least the target size, so the resampler only finishes
     * the job. 1 when nothing would be gained (enlarging, or less than a factor of 2 to shrink).
     */
    public int jpegShrink(int sourceWidth, int sourceHeight, int orientation) {
        return jpegShrink(sourceWidth, sourceHeight, orientation, 1);
    }

    /**
     * The JPEG shrink-on-load factor these options ask for: {@link #jpegShrink} with {@link #fastShrinkOnLoad},
     * else libvips' own choice, which leaves the resampler a factor of 2 at least.
     */
    public int shrinkOnLoad(int sourceWidth, int sourceHeight, int orientation) {
        return jpegShrink(sourceWidth, sourceHeight, orientation, fastShrinkOnLoad ? 1 : 2);
    }

    private int jpegShrink(int sourceWidth, int sourceHeight, int orientation, int headroom) {
        if (size == Size.UP) {
            return 1;
        }
        boolean swapped = autorotate && orientation >= 5 && orientation <= 8;
        double horizontal = (double) (swapped ? sourceHeight : sourceWidth) / width;
        double vertical = (double) (swapped ? sourceWidth : sourceHeight) / height;
        // forced sizes and crops need both sides at least as large as the target; fitting inside needs one
        double shrink = size == Size.FORCE || crop != Crop.NONE ? Math.min(horizontal, vertical)
                : Math.max(horizontal, vertical);
        for (int factor = 8; factor > 1; factor /= 2) {
            if (shrink >= factor * headroom) {
                return factor;
            }
        }
        return 1;
    }

    Options toOptions() {
        return toOptions(false);
    }

    /** Options for {@code vips_thumbnail_source}, which also takes loader options as a string. */
    Options toSourceOptions() {
        return toOptions(true);
    }

    private Options toOptions(boolean fromSource) {
        Options options = Options.none().put("height", height).put("size", size.ordinal())
                .put("crop", crop.ordinal()).put("no_rotate", !autorotate)
                .put("fail_on", failOnTruncated ? 1 : 0);
        if (failOnTruncated && fromSource) {
            // vips_thumbnail_source in 8.14 does not hand fail_on to its loader; the loader option string does
            options.put("option_string", "fail_on=truncated");
        }
        if (toSrgb) {
            options.put("export_profile", "srgb");
        }
        return options;
    }
}

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
 * @param toSrgb     convert to sRGB through the embedded ICC profile (or the colourspace when there is none)
 * @param failOnTruncated raise an error for truncated or corrupt data instead of returning a grey tail
 */
public record ThumbnailOptions(int width, int height, Size size, Crop crop, boolean autorotate, boolean toSrgb,
        boolean failOnTruncated) {

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
        return new ThumbnailOptions(width, height, Size.DOWN, Crop.NONE, true, true, true);
    }

    /** Shrink to a width, any height. */
    public static ThumbnailOptions width(int width) {
        return fitInside(width, UNBOUNDED);
    }

    /** Exactly {@code width x height}, ignoring the aspect ratio (give it the aspect-correct size to keep it). */
    public static ThumbnailOptions exactly(int width, int height) {
        return new ThumbnailOptions(width, height, Size.FORCE, Crop.NONE, true, true, true);
    }

    /** Fill {@code width x height} and crop the overflow around the centre. */
    public static ThumbnailOptions cover(int width, int height) {
        return new ThumbnailOptions(width, height, Size.BOTH, Crop.CENTRE, true, true, true);
    }

    public ThumbnailOptions withSize(Size newSize) {
        return new ThumbnailOptions(width, height, newSize, crop, autorotate, toSrgb, failOnTruncated);
    }

    public ThumbnailOptions withCrop(Crop newCrop) {
        return new ThumbnailOptions(width, height, size, newCrop, autorotate, toSrgb, failOnTruncated);
    }

    public ThumbnailOptions withAutorotate(boolean on) {
        return new ThumbnailOptions(width, height, size, crop, on, toSrgb, failOnTruncated);
    }

    public ThumbnailOptions withToSrgb(boolean on) {
        return new ThumbnailOptions(width, height, size, crop, autorotate, on, failOnTruncated);
    }

    public ThumbnailOptions withFailOnTruncated(boolean on) {
        return new ThumbnailOptions(width, height, size, crop, autorotate, toSrgb, on);
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

package dev.bmo.vips;

/**
 * How to encode an image.
 *
 * @param format   output format
 * @param quality  1..100 (ignored for PNG)
 * @param metadata what metadata to keep
 * @param effort   encoder effort, 0 (fastest) .. 9 (AVIF) / 6 (WebP) / 9 (PNG compression); -1 for libvips' default
 * @param progressive progressive JPEG / interlaced PNG
 */
public record SaveOptions(ImageFormat format, int quality, Metadata metadata, int effort, boolean progressive) {

    public enum Metadata {
        /** Keep everything the source had (EXIF, XMP, IPTC, ICC). */
        KEEP_ALL,
        /** Drop EXIF, XMP, IPTC and the rest, but keep the ICC profile. */
        KEEP_ICC,
        /** Drop everything, ICC profile included (right after converting to sRGB, which is then implied). */
        STRIP_ALL
    }

    public SaveOptions {
        if (format == null || metadata == null) {
            throw new IllegalArgumentException("format and metadata are required");
        }
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("quality must be 1..100, was " + quality);
        }
        if (effort < -1 || effort > 9) {
            throw new IllegalArgumentException("effort must be -1..9, was " + effort);
        }
    }

    /** Quality 82, all metadata stripped, libvips' default effort, AVIF at effort 2 (its default is slow). */
    public static SaveOptions of(ImageFormat format) {
        return new SaveOptions(format, 82, Metadata.STRIP_ALL, format == ImageFormat.AVIF ? 2 : -1, false);
    }

    public SaveOptions withQuality(int q) {
        return new SaveOptions(format, q, metadata, effort, progressive);
    }

    public SaveOptions withMetadata(Metadata m) {
        return new SaveOptions(format, quality, m, effort, progressive);
    }

    public SaveOptions withEffort(int e) {
        return new SaveOptions(format, quality, metadata, e, progressive);
    }

    public SaveOptions withProgressive(boolean p) {
        return new SaveOptions(format, quality, metadata, effort, p);
    }
}

package dev.bmo.api.images;

import java.util.Locale;

/**
 * The image format for a client, from what it accepts: AVIF, then WebP, then JPEG. The format goes into the
 * signed URL ({@code fmt=}), so the CDN caches one object per URL and never varies on {@code Accept}.
 */
public enum ImageFormat {
    AVIF("avif"), WEBP("webp"), JPEG("jpeg");

    private final String fmt;

    ImageFormat(String fmt) {
        this.fmt = fmt;
    }

    public String fmt() {
        return fmt;
    }

    /**
     * The best format an {@code Accept} list names ({@code q=0} excluded); {@code fallback} when it names no
     * image type of these (a browser's {@code fetch} sends {@code *}{@code /*}).
     */
    public static ImageFormat from(String accept, ImageFormat fallback) {
        if (accept == null) {
            return fallback;
        }
        boolean avif = false;
        boolean webp = false;
        boolean jpeg = false;
        for (String part : accept.toLowerCase(Locale.ROOT).split(",")) {
            String[] pieces = part.split(";");
            String type = pieces[0].strip();
            boolean refused = false;
            for (int i = 1; i < pieces.length; i++) {
                String p = pieces[i].strip().replace(" ", "");
                refused |= p.matches("q=0(\\.0*)?");
            }
            if (refused) {
                continue;
            }
            avif |= type.equals("image/avif");
            webp |= type.equals("image/webp");
            jpeg |= type.equals("image/jpeg") || type.equals("image/*");
        }
        return avif ? AVIF : webp ? WEBP : jpeg ? JPEG : fallback;
    }
}

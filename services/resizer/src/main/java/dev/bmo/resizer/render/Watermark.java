package dev.bmo.resizer.render;

import dev.bmo.vips.Gravity;
import dev.bmo.vips.ImageHeader;
import dev.bmo.vips.ThumbnailOptions;
import dev.bmo.vips.VipsImage;

/**
 * The logo drawn by {@code wm=1}: held as encoded bytes, scaled per output to a fifth of its width (at most a
 * fifth of its height), placed at a corner with a margin, at the configured opacity.
 */
public final class Watermark {

    private final byte[] logo;
    private final ImageHeader logoHeader;
    private final Gravity corner;
    private final double opacity;

    public Watermark(byte[] logo, Gravity corner, double opacity) {
        this.logo = logo.clone();
        this.logoHeader = VipsImage.inspect(this.logo);
        this.corner = corner;
        this.opacity = opacity;
    }

    public Gravity corner() {
        return corner;
    }

    /** The step that draws the logo. */
    public ImageStep logoStep() {
        return image -> {
            int maxW = Math.max(8, image.width() / 5);
            int maxH = Math.max(8, image.height() / 5);
            int margin = margin(image);
            try (VipsImage scaled = VipsImage.thumbnail(logo, ThumbnailOptions.fitInside(maxW, maxH)
                    .withSize(ThumbnailOptions.Size.BOTH));
                    VipsImage faded = scaled.withOpacity(opacity)) {
                int x = clamp(corner.left(image.width() - 2 * margin, faded.width()) + margin, image.width() - faded.width());
                int y = clamp(corner.top(image.height() - 2 * margin, faded.height()) + margin,
                        image.height() - faded.height());
                return image.composite(faded, x, y);
            }
        };
    }

    static int margin(VipsImage image) {
        return Math.max(2, Math.min(image.width(), image.height()) / 40);
    }

    private static int clamp(int value, int max) {
        return Math.max(0, Math.min(value, Math.max(0, max)));
    }

    public int logoWidth() {
        return logoHeader.width();
    }
}

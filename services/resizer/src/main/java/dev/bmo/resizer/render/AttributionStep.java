package dev.bmo.resizer.render;

import dev.bmo.vips.Gravity;
import dev.bmo.vips.TextOptions;
import dev.bmo.vips.VipsImage;

/**
 * Draws "© photographer" in white on a translucent dark band, legible on any background, in the bottom corner
 * away from the logo. Text height follows the output height; outputs too small to read it get none.
 */
record AttributionStep(String text, Gravity corner) implements ImageStep {

    static final int MIN_WIDTH = 160;
    static final int MIN_HEIGHT = 80;

    @Override
    public VipsImage apply(VipsImage image) {
        if (image.width() < MIN_WIDTH || image.height() < MIN_HEIGHT) {
            return image.copy();
        }
        int pixelSize = Math.max(11, Math.min(48, Math.round(image.height() * 0.035f)));
        int margin = Watermark.margin(image);
        int padding = Math.max(2, pixelSize / 4);
        int maxTextWidth = Math.max(20, image.width() / 2 - 2 * margin - 2 * padding);
        try (VipsImage label = VipsImage.text(text, TextOptions.white(pixelSize).withMaxWidth(maxTextWidth));
                VipsImage clipped = label.crop(Math.min(label.width(), maxTextWidth),
                        Math.min(label.height(), image.height() / 3), Gravity.NORTH_WEST);
                VipsImage band = VipsImage.solid(clipped.width() + 2 * padding, clipped.height() + 2 * padding,
                        0, 0, 0, 115);
                VipsImage labelled = band.composite(clipped, padding, padding)) {
            int x = corner.left(image.width() - 2 * margin, labelled.width()) + margin;
            int y = corner.top(image.height() - 2 * margin, labelled.height()) + margin;
            return image.composite(labelled, Math.max(0, x), Math.max(0, y));
        }
    }

    /** "© name", with control characters removed and the name cut to 80 characters. */
    static String attribution(String photographer) {
        String clean = photographer.replaceAll("\\p{Cntrl}", " ").strip();
        if (clean.length() > 80) {
            clean = clean.substring(0, 79) + "…";
        }
        return "© " + clean;
    }
}

package dev.bmo.vips;

/**
 * How to render text with {@code vips_text} (Pango).
 *
 * @param font     Pango font description, for example {@code "sans bold"}; the size comes from {@code pixelSize}
 * @param pixelSize text height in pixels (font size at 72 dpi)
 * @param maxWidth wrap lines at this width in pixels; 0 for no limit
 * @param red      text colour
 * @param green    text colour
 * @param blue     text colour
 */
public record TextOptions(String font, int pixelSize, int maxWidth, int red, int green, int blue) {

    public TextOptions {
        if (font == null || font.isBlank()) {
            throw new IllegalArgumentException("font is required");
        }
        if (pixelSize < 1 || pixelSize > 2000) {
            throw new IllegalArgumentException("text pixel size must be 1..2000, was " + pixelSize);
        }
        if (maxWidth < 0) {
            throw new IllegalArgumentException("maxWidth must not be negative");
        }
    }

    /** White sans-serif bold text of the given pixel size. */
    public static TextOptions white(int pixelSize) {
        return new TextOptions("sans bold", pixelSize, 0, 255, 255, 255);
    }

    public TextOptions withMaxWidth(int width) {
        return new TextOptions(font, pixelSize, width, red, green, blue);
    }

    public TextOptions withColour(int r, int g, int b) {
        return new TextOptions(font, pixelSize, maxWidth, r, g, b);
    }

    String pangoFont() {
        return font + " " + pixelSize + "px";
    }
}

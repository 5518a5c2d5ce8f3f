package dev.bmo.vips;

import java.util.function.Supplier;

/**
 * How a source is shrunk, decided from its header alone, the same for bytes and for files: whether it takes an
 * ICC transform first (it has a profile, or is CMYK) or libvips' exact conversion after (grey, 16-bit), and
 * the JPEG DCT scale it is decoded at.
 *
 * @param options          the options to resize with (sRGB conversion off when it is done here instead)
 * @param shrink           JPEG shrink-on-load factor (1: none)
 * @param iccFirst         ICC transform to sRGB at the shrink-on-load size, before the resize
 * @param colourspaceAfter exact conversion to sRGB after the resize
 */
record ThumbnailPlan(ThumbnailOptions options, int shrink, boolean iccFirst, boolean colourspaceAfter) {

    /** @param header opens the source's header (no pixels); read only when the options need it */
    static ThumbnailPlan of(ThumbnailOptions options, Supplier<VipsImage> header) {
        int shrink = 1;
        boolean colourspaceAfter = false;
        boolean iccFirst = false;
        if (options.toSrgb() || options.fastShrinkOnLoad()) {
            try (VipsImage h = header.get()) {
                if (options.toSrgb() && !h.needsIccTransform()) {
                    colourspaceAfter = !h.isPlainSrgb();
                    options = options.withToSrgb(false);
                } else if (options.toSrgb()) {
                    iccFirst = true;
                }
                if ((options.fastShrinkOnLoad() || iccFirst)
                        && h.stringField("vips-loader").orElse("").startsWith("jpegload")) {
                    shrink = options.shrinkOnLoad(h.width(), h.height(), h.orientation());
                }
            }
        }
        return new ThumbnailPlan(options, shrink, iccFirst, colourspaceAfter);
    }
}

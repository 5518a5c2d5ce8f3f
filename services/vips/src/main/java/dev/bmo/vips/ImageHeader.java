package dev.bmo.vips;

/**
 * What an image's header says, read without decoding pixels.
 *
 * @param width  width in pixels of one page (before any EXIF rotation)
 * @param height height in pixels (of all pages stacked, as libvips reports it for the first page only load)
 * @param bands  number of bands (3 for RGB, 4 with alpha, 1 for grey ...)
 * @param format pixel value format
 * @param pages  number of pages or frames (1 for an ordinary photo)
 * @param loader libvips' loader, for example {@code jpegload_source}
 * @param orientation the EXIF orientation, 1..8 (1 when there is none); 5..8 swap width and height when shown
 * @param alpha  whether there is an alpha band (libvips' {@code vips_image_hasalpha}: a CMYK image's fourth band
 *               is no alpha)
 */
public record ImageHeader(int width, int height, int bands, BandFormat format, int pages, String loader,
        int orientation, boolean alpha) {

    /** A header without an EXIF orientation (1), with alpha when there are 2 or 4 bands. */
    public ImageHeader(int width, int height, int bands, BandFormat format, int pages, String loader) {
        this(width, height, bands, format, pages, loader, 1, bands == 2 || bands == 4);
    }

    /** Whether the image is shown turned by 90 degrees (EXIF orientations 5..8): width and height swap. */
    public boolean swapsSides() {
        return orientation >= 5 && orientation <= 8;
    }

    /** The width as displayed, after the EXIF orientation is applied. */
    public int uprightWidth() {
        return swapsSides() ? height : width;
    }

    /** The height as displayed, after the EXIF orientation is applied. */
    public int uprightHeight() {
        return swapsSides() ? width : height;
    }

    /** Pixels in one page, as a long (width times height can pass the int range). */
    public long pixels() {
        return (long) width * height;
    }

    public boolean hasAlpha() {
        return alpha;
    }
}

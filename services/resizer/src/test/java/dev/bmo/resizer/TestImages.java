package dev.bmo.resizer;

import dev.bmo.vips.ImageFormat;
import dev.bmo.vips.SaveOptions;
import dev.bmo.vips.ThumbnailOptions;
import dev.bmo.vips.VipsImage;

/** Test images made with libvips. */
public final class TestImages {

    private TestImages() {
    }

    /** Photo-like noise as JPEG. */
    public static byte[] noiseJpeg(int width, int height) {
        try (VipsImage noise = VipsImage.noise(width, height, 3)) {
            return noise.save(SaveOptions.of(ImageFormat.JPEG).withQuality(85));
        }
    }

    /** Noise as a PNG of 3 bands or, with alpha, 4. */
    public static byte[] noisePng(int width, int height, int bands) {
        try (VipsImage noise = VipsImage.noise(width, height, bands)) {
            return noise.save(SaveOptions.of(ImageFormat.PNG));
        }
    }

    /** One colour as JPEG. */
    public static byte[] solidJpeg(int width, int height, int r, int g, int b) {
        try (VipsImage solid = VipsImage.solid(width, height, r, g, b)) {
            return solid.save(SaveOptions.of(ImageFormat.JPEG));
        }
    }

    /**
     * The converter's master of an original: long side 2048 at most, upright, sRGB, without metadata; JPEG, or
     * WebP for sources with alpha (stored as {@code master.webp}).
     */
    public static byte[] masterOf(byte[] original) {
        try (VipsImage master = VipsImage.thumbnail(original, ThumbnailOptions.fitInside(2048, 2048))) {
            return master.save(SaveOptions.of(master.hasAlpha() ? ImageFormat.WEBP : ImageFormat.JPEG)
                    .withQuality(90));
        }
    }

    /** The pixel at the relative point ({@code u}, {@code v}) of an encoded image. */
    public static double[] pixelAt(byte[] encoded, double u, double v) {
        try (VipsImage image = VipsImage.fromBuffer(encoded); VipsImage pixels = image.inMemory()) {
            return pixels.pixel((int) (u * pixels.width()), (int) (v * pixels.height()));
        }
    }

    /**
     * A 1200x800 JPEG full of what must not leave the fleet: EXIF with a GPS position and an artist, XMP with a
     * GPS position, IPTC, a Display P3 profile; EXIF orientation 6.
     */
    public static byte[] withEveryKindOfMetadata() {
        String xmp = "<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-"
                + "syntax-ns#'><rdf:Description xmlns:exif='http://ns.adobe.com/exif/1.0/' exif:GPSLatitude="
                + "'51,30.2N' exif:GPSLongitude='0,7.5W'/></rdf:RDF></x:xmpmeta>";
        byte[] iptc = "Photoshop 3.0\u00008BIM\u0004\u0004\u0000\u0000\u0000\u0000\u0000\u0010\u001c\u0002Z\u0000\u0006London"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        try (VipsImage noise = VipsImage.noise(1200, 800, 3);
                VipsImage p3 = noise.convertToProfile("p3");
                VipsImage a = p3.withStringField("exif-ifd3-GPSLatitudeRef", "N");
                VipsImage b = a.withStringField("exif-ifd3-GPSLatitude", "51/1 30/1 1234/100");
                VipsImage c = b.withStringField("exif-ifd3-GPSLongitude", "0/1 7/1 3000/100");
                VipsImage d = c.withStringField("exif-ifd0-Artist", "Ada Lovelace");
                VipsImage e = d.withBlobField("xmp-data", xmp.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                VipsImage f = e.withBlobField("iptc-data", iptc);
                VipsImage g = f.withIntField("orientation", 6)) {
            return g.save(SaveOptions.of(ImageFormat.JPEG).withQuality(90).withMetadata(SaveOptions.Metadata.KEEP_ALL));
        }
    }

    /** Metadata an encoded image carries (libvips' header fields), and telltale strings in its bytes. */
    public static java.util.List<String> metadataIn(byte[] encoded) {
        java.util.List<String> found = new java.util.ArrayList<>();
        try (VipsImage image = VipsImage.fromBuffer(encoded)) {
            for (String field : new String[] {"exif-data", "xmp-data", "iptc-data", "icc-profile-data",
                "exif-ifd3-GPSLatitude", "exif-ifd0-Artist"}) {
                if (image.hasField(field)) {
                    found.add(field);
                }
            }
        }
        String raw = new String(encoded, java.nio.charset.StandardCharsets.ISO_8859_1);
        // (long enough not to turn up by chance in compressed pixels)
        for (String telltale : new String[] {"Exif\u0000\u0000", "GPSLatitude", "51,30.2N", "xmpmeta", "8BIM",
            "Lovelace", "London"}) {
            if (raw.contains(telltale)) {
                found.add(telltale.strip());
            }
        }
        return found;
    }

    /** Mean pixel value of a region of an encoded image. */
    public static double average(byte[] encoded, int left, int top, int width, int height) {
        try (VipsImage image = VipsImage.fromBuffer(encoded); VipsImage region = image.crop(left, top, width, height)) {
            return region.average();
        }
    }
}

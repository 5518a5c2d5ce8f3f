package dev.bmo.vips;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Saving with metadata stripped leaves no EXIF (GPS), XMP or IPTC in any format, WebP included. */
class MetadataTest {

    @BeforeAll
    static void start() {
        Vips.start(VipsSettings.serverDefaults());
    }

    @Test
    void strippedOutputsOfEveryFormatCarryNoMetadata() {
        try (VipsImage noise = VipsImage.noise(200, 100, 3);
                VipsImage a = noise.withStringField("exif-ifd3-GPSLatitude", "51/1 30/1 1234/100");
                VipsImage b = a.withBlobField("xmp-data", "<x:xmpmeta xmlns:x='adobe:ns:meta/'/>".getBytes());
                VipsImage tagged = b.convertToProfile("p3")) {
            for (ImageFormat format : ImageFormat.values()) {
                for (SaveOptions.Metadata kept : new SaveOptions.Metadata[] {SaveOptions.Metadata.STRIP_ALL,
                    SaveOptions.Metadata.KEEP_ICC}) {
                    byte[] out = tagged.save(SaveOptions.of(format).withMetadata(kept));
                    String raw = new String(out, StandardCharsets.ISO_8859_1);
                    assertThat(raw).as(format + " " + kept).doesNotContain("xmpmeta");
                    try (VipsImage decoded = VipsImage.fromBuffer(out)) {
                        assertThat(decoded.hasField("xmp-data")).as(format + " " + kept).isFalse();
                        assertThat(decoded.hasField("exif-ifd3-GPSLatitude")).as(format + " " + kept).isFalse();
                        assertThat(decoded.hasIccProfile()).as(format + " " + kept)
                                .isEqualTo(kept == SaveOptions.Metadata.KEEP_ICC);
                        if (kept == SaveOptions.Metadata.STRIP_ALL || format == ImageFormat.PNG
                                || format == ImageFormat.WEBP) {
                            // (JPEG and AVIF with KEEP_ICC: libvips 8.14 writes a fresh resolution-only EXIF block)
                            assertThat(decoded.hasField("exif-data")).as(format + " " + kept).isFalse();
                        }
                        assertThat(decoded.average()).as(format + " " + kept).isBetween(60.0, 200.0);
                    }
                }
            }
        }
    }
}

package dev.bmo.vips;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VipsTest {

    @BeforeAll
    static void startWithServerSettings() {
        Vips.start(VipsSettings.serverDefaults());
    }

    @Test
    void loadsTheInstalledLibvipsAndAppliesSettings() {
        assertThat(Vips.version()).matches("8\\.\\d+\\.\\d+");
        assertThat(Vips.concurrency()).isEqualTo(1);
        Vips.start(VipsSettings.serverDefaults().withConcurrency(2));
        assertThat(Vips.concurrency()).isEqualTo(2);
        Vips.start(VipsSettings.serverDefaults());
        assertThat(Vips.concurrency()).isEqualTo(1);
    }

    @Test
    void savesAllFourFormatsOnDebiansLibvips() {
        assertThat(Vips.savableFormats()).containsExactlyInAnyOrder(ImageFormat.values());
        try (VipsImage image = VipsImage.noise(64, 48, 3)) {
            for (ImageFormat format : ImageFormat.values()) {
                byte[] encoded = image.save(SaveOptions.of(format));
                ImageHeader header = VipsImage.inspect(encoded);
                assertThat(header.width()).as(format.name()).isEqualTo(64);
                assertThat(header.height()).as(format.name()).isEqualTo(48);
                assertThat(header.loader()).startsWith(switch (format) {
                    case JPEG -> "jpegload";
                    case WEBP -> "webpload";
                    case PNG -> "pngload";
                    case AVIF -> "heifload";
                });
            }
        }
    }

    @Test
    void inspectsTheHeaderWithoutDecodingPixels() {
        byte[] jpeg = TestImages.jpeg(1600, 1000);
        ImageHeader header = VipsImage.inspect(jpeg);
        assertThat(header).isEqualTo(new ImageHeader(1600, 1000, 3, BandFormat.UCHAR, 1, "jpegload_source"));
        assertThat(header.pixels()).isEqualTo(1_600_000L);
        try (VipsImage image = VipsImage.fromBuffer(jpeg);
                VipsImage rotated = image.withIntField("orientation", 6);
                VipsImage reloaded = VipsImage.fromBuffer(rotated.save(SaveOptions.of(ImageFormat.JPEG)
                        .withMetadata(SaveOptions.Metadata.KEEP_ALL)));
                VipsImage upright = VipsImage.thumbnail(reloaded.save(SaveOptions.of(ImageFormat.JPEG)
                        .withMetadata(SaveOptions.Metadata.KEEP_ALL)), ThumbnailOptions.width(500))) {
            assertThat(image.orientation()).isEqualTo(1);
            assertThat(reloaded.orientation()).isEqualTo(6);
            assertThat(upright.width()).isEqualTo(500);
            assertThat(upright.height()).isEqualTo(800); // rotated upright: 1000 x 1600 scaled to 500 wide
        }
        // half the file is gone, yet the header still reads: proof that inspecting decodes nothing
        assertThat(VipsImage.inspect(TestImages.truncated(jpeg)).width()).isEqualTo(1600);
    }

    @Test
    void truncatedImagesFailWhenDecodedWithLibvipsReason() {
        byte[] truncated = TestImages.truncated(TestImages.jpeg(1600, 1000));
        assertThatThrownBy(() -> {
            try (VipsImage thumb = VipsImage.thumbnail(truncated, ThumbnailOptions.width(200))) {
                thumb.save(SaveOptions.of(ImageFormat.JPEG));
            }
        }).isInstanceOf(VipsException.class).hasMessageContaining("jpeg");
    }

    @Test
    void bytesThatAreNoImageGiveLibvipsErrorTextAndTheBufferIsCleared() {
        byte[] text = "hello, not an image".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> VipsImage.fromBuffer(text))
                .isInstanceOf(VipsException.class)
                .hasMessageContaining("vips_image_new_from_source")
                .hasMessageContaining("not in a known format");
        try (VipsBuffer buffer = VipsBuffer.copyOf(text)) {
            assertThat(buffer.loader()).isEmpty();
        }
        // a second, different failure carries only its own text: the first was cleared
        VipsException second = org.junit.jupiter.api.Assertions.assertThrows(VipsException.class,
                () -> VipsImage.fromFile(Path.of("/nonexistent/file.jpg")));
        assertThat(second.getMessage()).doesNotContain("not in a known format");
    }

    @Test
    void blocksLoadersOutsideThePhotoSet() {
        byte[] svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>"
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> VipsImage.inspect(svg)).isInstanceOf(VipsException.class);
        byte[] ppm = "P3\n1 1\n255\n0 0 0\n".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> VipsImage.inspect(ppm)).isInstanceOf(VipsException.class);
    }

    @Test
    void thumbnailsShrinkOnLoadToTheAskedGeometry() {
        byte[] jpeg = TestImages.jpeg(1600, 1000);
        try (VipsImage inside = VipsImage.thumbnail(jpeg, ThumbnailOptions.width(800))) {
            assertThat(inside.width()).isEqualTo(800);
            assertThat(inside.height()).isEqualTo(500);
        }
        try (VipsImage box = VipsImage.thumbnail(jpeg, ThumbnailOptions.fitInside(300, 300))) {
            assertThat(box.width()).isEqualTo(300);
            assertThat(box.height()).isEqualTo(188);
        }
        try (VipsImage cover = VipsImage.thumbnail(jpeg, ThumbnailOptions.cover(300, 300))) {
            assertThat(cover.width()).isEqualTo(300);
            assertThat(cover.height()).isEqualTo(300);
        }
        try (VipsImage exact = VipsImage.thumbnail(jpeg, ThumbnailOptions.exactly(123, 45))) {
            assertThat(exact.width()).isEqualTo(123);
            assertThat(exact.height()).isEqualTo(45);
        }
        try (VipsImage notEnlarged = VipsImage.thumbnail(jpeg, ThumbnailOptions.width(4000))) {
            assertThat(notEnlarged.width()).isEqualTo(1600);
        }
    }

    @Test
    void thumbnailsFromFilesAndOpenedImages(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("photo.jpg");
        Files.write(file, TestImages.jpeg(1600, 1000));
        assertThat(VipsImage.inspect(file).width()).isEqualTo(1600);
        try (VipsImage thumb = VipsImage.thumbnail(file, ThumbnailOptions.width(160));
                VipsImage opened = VipsImage.fromFile(file);
                VipsImage shrunk = opened.thumbnail(ThumbnailOptions.width(100))) {
            assertThat(thumb.width()).isEqualTo(160);
            assertThat(shrunk.width()).isEqualTo(100);
            Path out = dir.resolve("thumb.webp");
            thumb.save(SaveOptions.of(ImageFormat.WEBP), out);
            assertThat(VipsImage.inspect(out).width()).isEqualTo(160);
        }
    }

    @Test
    void cropsByGravityAndEmbedsOnABackground() {
        try (VipsImage red = VipsImage.solid(100, 50, 255, 0, 0);
                VipsImage blue = VipsImage.solid(100, 50, 0, 0, 255);
                VipsImage canvas = red.embed(200, 50, Gravity.WEST, 0, 0, 255);
                VipsImage east = canvas.crop(60, 40, Gravity.EAST);
                VipsImage west = canvas.crop(60, 40, Gravity.WEST);
                VipsImage clamped = canvas.crop(500, 500, Gravity.CENTRE)) {
            assertThat(blue.average()).isEqualTo(85.0);
            assertThat(canvas.width()).isEqualTo(200);
            assertThat(east.width()).isEqualTo(60);
            assertThat(east.height()).isEqualTo(40);
            assertThat(east.average()).isEqualTo(85.0); // all blue: (0+0+255)/3
            assertThat(west.average()).isEqualTo(85.0); // all red
            try (VipsImage westRed = west.crop(0, 0, 1, 1)) {
                assertThat(westRed.save(SaveOptions.of(ImageFormat.PNG))).isNotEmpty();
            }
            assertThat(clamped.width()).isEqualTo(200);
            assertThat(clamped.height()).isEqualTo(50);
        }
        try (VipsImage small = VipsImage.solid(10, 10, 0, 0, 0)) {
            assertThatThrownBy(() -> small.crop(5, 5, 10, 10)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> small.embed(5, 5, Gravity.CENTRE, 0)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void compositesAWatermarkWithOpacityAndKeepsTheBaseOpaque() {
        try (VipsImage black = VipsImage.solid(100, 100, 0, 0, 0);
                VipsImage white = VipsImage.solid(50, 50, 255, 255, 255);
                VipsImage halfWhite = white.withOpacity(0.5);
                VipsImage marked = black.composite(halfWhite, 50, 50)) {
            assertThat(halfWhite.bands()).isEqualTo(4);
            assertThat(marked.bands()).isEqualTo(3);
            assertThat(marked.format()).isEqualTo(BandFormat.UCHAR);
            // a quarter of the image at about half white
            assertThat(marked.average()).isBetween(30.0, 34.0);
            try (VipsImage corner = marked.crop(50, 50, 50, 50)) {
                assertThat(corner.average()).isBetween(125.0, 130.0);
            }
        }
    }

    @Test
    void rendersEscapedTextAsColouredAlpha() {
        try (VipsImage text = VipsImage.text("© Ana <Lopez> & co", TextOptions.white(24));
                VipsImage alpha = text.crop(0, 0, text.width(), text.height())) {
            assertThat(text.bands()).isEqualTo(4);
            assertThat(text.height()).isBetween(20, 40);
            assertThat(text.width()).isGreaterThan(150);
            assertThat(alpha.average()).isGreaterThan(0.0);
        }
        try (VipsImage wrapped = VipsImage.text("a long attribution that wraps over lines",
                TextOptions.white(20).withMaxWidth(120))) {
            assertThat(wrapped.width()).isLessThanOrEqualTo(130); // Pango may overhang a few pixels
            assertThat(wrapped.height()).isGreaterThan(40);
        }
    }

    @Test
    void stripsOrKeepsMetadataAndConvertsToSrgb() {
        try (VipsImage plain = VipsImage.noise(64, 64, 3);
                VipsImage profiled = plain.withSrgbProfile();
                VipsImage tagged = profiled.withStringField("exif-ifd0-ImageDescription", "secret place")) {
            assertThat(tagged.hasIccProfile()).isTrue();
            try (VipsImage all = VipsImage.fromBuffer(tagged.save(SaveOptions.of(ImageFormat.JPEG)
                    .withMetadata(SaveOptions.Metadata.KEEP_ALL)));
                    VipsImage icc = VipsImage.fromBuffer(tagged.save(SaveOptions.of(ImageFormat.JPEG)
                            .withMetadata(SaveOptions.Metadata.KEEP_ICC)));
                    VipsImage none = VipsImage.fromBuffer(tagged.save(SaveOptions.of(ImageFormat.JPEG)))) {
                assertThat(all.hasIccProfile()).isTrue();
                assertThat(all.stringField("exif-ifd0-ImageDescription")).hasValueSatisfying(
                        v -> assertThat(v).contains("secret place"));
                assertThat(icc.hasIccProfile()).isTrue();
                assertThat(icc.stringField("exif-ifd0-ImageDescription").orElse("")).doesNotContain("secret");
                assertThat(none.hasIccProfile()).isFalse();
                assertThat(none.hasField("exif-data")).isFalse();
            }
            try (VipsImage srgb = tagged.toSrgb(); VipsImage grey = VipsImage.solid(8, 8, 128);
                    VipsImage greyAsSrgb = grey.toSrgb()) {
                assertThat(srgb.bands()).isEqualTo(3);
                assertThat(greyAsSrgb.bands()).isEqualTo(3);
            }
        }
    }

    @Test
    void closingUnrefsExactlyOnce() {
        long before = VipsImage.openImages();
        VipsImage image = VipsImage.solid(10, 10, 1, 2, 3);
        VipsImage derived = image.crop(0, 0, 5, 5);
        assertThat(VipsImage.openImages()).isEqualTo(before + 2);
        image.close();
        image.close();
        assertThat(image.isClosed()).isTrue();
        assertThatThrownBy(image::width).isInstanceOf(IllegalStateException.class);
        // the derived image still works: libvips keeps its input alive
        assertThat(derived.save(SaveOptions.of(ImageFormat.PNG))).isNotEmpty();
        derived.close();
        assertThat(VipsImage.openImages()).isEqualTo(before);
    }

    @Test
    void poolThreadsRunLibvipsAndRejectWhenTheQueueIsFull() throws Exception {
        ThreadPoolExecutor pool = VipsThreads.fixedPool("vips-test", 1, 1);
        CountDownLatch release = new CountDownLatch(1);
        try {
            pool.execute(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            pool.execute(() -> { });
            assertThatThrownBy(() -> pool.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
            release.countDown();
            byte[] jpeg = TestImages.jpeg(400, 300);
            Integer width = pool.submit(() -> {
                try (VipsImage t = VipsImage.thumbnail(jpeg, ThumbnailOptions.width(40))) {
                    return t.width();
                }
            }).get(10, TimeUnit.SECONDS);
            assertThat(width).isEqualTo(40);
            assertThat(Thread.getAllStackTraces().keySet()).anyMatch(t -> t.getName().equals("vips-test-1"));
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}

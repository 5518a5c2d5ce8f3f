package dev.bmo.vips;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Thousands of full pipelines: no image handle stays open and the process RSS stays flat. */
@Tag("slow") // minutes of real rollouts, packaging, fleets or corpora: ./test --fast leaves it out
class VipsLeakTest {

    @Test
    void rssStaysFlatOverThousandsOfOperations() {
        Vips.start(VipsSettings.serverDefaults());
        byte[] jpeg = TestImages.jpeg(1200, 800);
        long openBefore = VipsImage.openImages();
        long warmRss = 0;
        int rounds = 1500;
        for (int i = 0; i < rounds; i++) {
            try (VipsBuffer buffer = VipsBuffer.copyOf(jpeg);
                    VipsImage thumb = buffer.thumbnail(ThumbnailOptions.fitInside(200, 200));
                    VipsImage logo = VipsImage.solid(20, 20, 255, 255, 255, 200);
                    VipsImage marked = thumb.composite(logo, 10, 10)) {
                assertThat(buffer.inspect().width()).isEqualTo(1200);
                assertThat(marked.save(SaveOptions.of(i % 2 == 0 ? ImageFormat.JPEG : ImageFormat.WEBP)))
                        .isNotEmpty();
            }
            if (i == 300) {
                System.gc();
                warmRss = TestImages.rssKiB();
            }
        }
        System.gc();
        long endRss = TestImages.rssKiB();
        assertThat(VipsImage.openImages()).isEqualTo(openBefore);
        // a leak of one 200x200 image per round would add ~140 MB; allow allocator noise
        assertThat(endRss - warmRss).as("RSS growth in KiB over %d rounds", rounds - 300).isLessThan(30_000);
    }
}

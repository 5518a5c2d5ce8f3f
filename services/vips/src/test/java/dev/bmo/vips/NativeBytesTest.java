package dev.bmo.vips;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Native bytes read from a stream and adopted by libvips without a copy, and freed exactly once. */
class NativeBytesTest {

    @Test
    void aCopyIsItsOwnMemoryAndThereIsNoneOnceClosed() {
        NativeBytes original = NativeBytes.copyOf(new byte[] {1, 2, 3, 4});
        NativeBytes copy = original.copy().orElseThrow();
        original.close();
        assertThat(copy.toByteArray()).containsExactly(1, 2, 3, 4);
        assertThat(original.copy()).isEmpty();
        copy.close();
    }

    @Test
    void readsExactlyTheLengthAndLeavesTheRest() throws Exception {
        byte[] data = new byte[200_000];
        Arrays.fill(data, (byte) 7);
        data[149_999] = 42;
        ByteArrayInputStream in = new ByteArrayInputStream(data);
        try (NativeBytes bytes = NativeBytes.read(in, 150_000)) {
            assertThat(bytes.length()).isEqualTo(150_000);
            byte[] back = bytes.toByteArray();
            assertThat(back[149_999]).isEqualTo((byte) 42);
            assertThat(back[0]).isEqualTo((byte) 7);
        }
        assertThat(in.available()).isEqualTo(50_000);
    }

    @Test
    void aShortStreamIsAnEofError() {
        assertThatThrownBy(() -> NativeBytes.read(new ByteArrayInputStream(new byte[10]), 11))
                .isInstanceOf(EOFException.class).hasMessageContaining("10 of 11");
    }

    @Test
    void adoptedBytesDecodeAndOutliveTheBuffer() {
        byte[] jpeg = TestImages.jpeg(600, 400);
        NativeBytes bytes = NativeBytes.copyOf(jpeg);
        VipsImage thumb;
        try (VipsBuffer buffer = VipsBuffer.adopt(bytes)) {
            assertThat(bytes.isOpen()).isFalse();
            assertThat(buffer.length()).isEqualTo(jpeg.length);
            assertThat(buffer.inspect().width()).isEqualTo(600);
            thumb = buffer.thumbnail(ThumbnailOptions.fitInside(150, 150));
        }
        bytes.close(); // adopted: nothing to free here
        try (VipsImage image = thumb) {
            // pixels are decoded now, after the buffer is closed: libvips holds the memory until the image goes
            assertThat(VipsImage.inspect(image.save(SaveOptions.of(ImageFormat.JPEG))).width()).isEqualTo(150);
        }
        assertThatThrownBy(bytes::toByteArray).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void adoptedAndClosedMemoryIsFreed() {
        // 1500 rounds of 2 MB: a leak of either path would add ~3 GB of RSS
        Vips.start(VipsSettings.serverDefaults());
        byte[] jpeg = Arrays.copyOf(TestImages.jpeg(300, 200), 2 * 1024 * 1024);
        long warmRss = 0;
        for (int i = 0; i < 1500; i++) {
            NativeBytes bytes = NativeBytes.copyOf(jpeg);
            if (i % 2 == 0) {
                try (VipsBuffer buffer = VipsBuffer.adopt(bytes)) {
                    assertThat(buffer.inspect().width()).isEqualTo(300);
                }
            } else {
                bytes.close();
            }
            if (i == 100) {
                warmRss = TestImages.rssKiB();
            }
        }
        assertThat(TestImages.rssKiB() - warmRss).as("RSS growth in KiB").isLessThan(100_000);
    }
}

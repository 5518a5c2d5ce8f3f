package dev.bmo.media.upload;

import dev.bmo.vips.ImageHeader;
import dev.bmo.vips.VipsException;
import dev.bmo.vips.VipsImage;
import java.util.Arrays;
import org.springframework.stereotype.Component;

/** Type and upright dimensions (EXIF orientation applied) of an upload from the first bytes of its body: magic numbers, then libvips' header reader. */
@Component
public class ImageInspector {

    static final String NOT_AN_IMAGE_MESSAGE = "the body is not a JPEG, PNG, WebP, GIF, TIFF, HEIC or AVIF image";

    public record Inspection(ImageType type, int width, int height, boolean alpha) {
        public long pixels() {
            return (long) width * height;
        }
    }

    /**
     * @param head the body's first bytes (all of it for small images)
     * @throws UploadRejectedException when the bytes are no image we take, or libvips cannot read the header
     */
    public Inspection inspect(byte[] head, int length) {
        ImageType type = ImageType.sniff(head, length).orElseThrow(() -> new UploadRejectedException(
                Rejection.NOT_AN_IMAGE, NOT_AN_IMAGE_MESSAGE));
        ImageHeader header;
        try {
            header = VipsImage.inspect(length == head.length ? head : Arrays.copyOf(head, length));
        } catch (VipsException e) {
            if (type == ImageType.HEIC || type == ImageType.AVIF) {
                throw new UploadRejectedException(Rejection.UNSUPPORTED_IMAGE_TYPE,
                        type.mediaType() + " is not readable by this server's libvips");
            }
            throw new UploadRejectedException(Rejection.UNREADABLE_IMAGE,
                    "the " + type.mediaType() + " header could not be read: " + firstLine(e.getMessage()));
        }
        if (header.width() < 1 || header.height() < 1) {
            throw new UploadRejectedException(Rejection.UNREADABLE_IMAGE, "the image has no pixels");
        }
        // the upright size (EXIF orientations 5..8 swap the stored sides): what every later step plans from
        return new Inspection(type, header.uprightWidth(), header.uprightHeight(), header.hasAlpha());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        String line = message.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}

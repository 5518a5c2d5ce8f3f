package dev.bmo.media.upload;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Limits checked before an upload is accepted.
 *
 * @param maxSize       largest body stored (BMO_MEDIA_MAX_UPLOAD_SIZE)
 * @param maxMegapixels largest image by header dimensions (BMO_MEDIA_MAX_MEGAPIXELS)
 * @param headerBytes   most of the body's start held to read the image's header, metadata before the frame
 *                      included (BMO_MEDIA_MAX_HEADER_BYTES; read as far as the header needs, from 64 KiB)
 */
@ConfigurationProperties("bmo.media.limits")
public record UploadLimits(DataSize maxSize, long maxMegapixels, DataSize headerBytes) {
}

package dev.bmo.media.upload;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Limits checked before an upload is accepted.
 *
 * @param maxSize       largest body stored (BMO_MEDIA_MAX_UPLOAD_SIZE)
 * @param maxMegapixels largest image by header dimensions (BMO_MEDIA_MAX_MEGAPIXELS)
 * @param headerBytes   how much of the body's start is held to sniff the type and read the header
 */
@ConfigurationProperties("bmo.media.limits")
public record UploadLimits(DataSize maxSize, long maxMegapixels, DataSize headerBytes) {
}

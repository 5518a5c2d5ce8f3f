package dev.bmo.converter.conversion;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param concurrency  renders at once, one consumer each (BMO_CONVERTER_CONCURRENCY, default: cores)
 * @param prefetch     unacknowledged messages per consumer (BMO_CONVERTER_PREFETCH)
 * @param retryDelays  backoff before attempt 2, 3, ...; attempts in all = delays + 1 (BMO_CONVERTER_RETRY_DELAYS)
 * @param widths       rendition widths (BMO_RENDITION_WIDTHS)
 * @param formats      rendition formats (BMO_RENDITION_FORMATS)
 * @param masterSize   long side of the master (BMO_CONVERTER_MASTER_SIZE)
 * @param masterLevels smaller masters beside the master, by long side (BMO_MASTER_LEVELS, shared with the resizer,
 *                     which renders an output from the smallest level that covers it by its margin)
 * @param masterQuality    JPEG quality of the master
 * @param renditionQuality quality of the renditions
 * @param fastShrinkOnLoad decode a JPEG original at the smallest DCT scale that still covers the master
 *                         (BMO_CONVERTER_FAST_SHRINK_ON_LOAD; libvips' own choice decodes a 24 MP original at
 *                         full size for a 2048 px master, four times the pixels, for no visible difference:
 *                         RendererTest holds the bound)
 */
@ConfigurationProperties("bmo.converter")
public record ConversionSettings(int concurrency, int prefetch, List<Duration> retryDelays, List<Integer> widths,
                                 List<String> formats, int masterSize, List<Integer> masterLevels, int masterQuality, int renditionQuality,
                                 boolean fastShrinkOnLoad) {

    public ConversionSettings {
        if (concurrency < 1) {
            concurrency = Runtime.getRuntime().availableProcessors();
        }
        if (prefetch < 1) {
            prefetch = 1;
        }
        retryDelays = List.copyOf(retryDelays);
        masterLevels = masterLevels == null ? List.of() : masterLevels.stream().sorted().toList();
    }

    public int maxAttempts() {
        return retryDelays.size() + 1;
    }
}

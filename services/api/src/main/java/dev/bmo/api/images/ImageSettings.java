package dev.bmo.api.images;

import java.net.URI;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How image URLs are made.
 *
 * @param baseUrl the CDN in front of the resizer (BMO_API_IMAGE_BASE_URL; locally the resizer itself)
 * @param secret  the resizer's signing secret (BMO_RESIZER_SECRET, shared with media and the resizer); never logged
 * @param widths  the web srcset's standard widths (BMO_API_SRCSET_WIDTHS): few, so the CDN's cache is shared
 * @param sizes   the srcset's {@code sizes} hint (BMO_API_SIZES)
 */
@ConfigurationProperties("bmo.api.images")
public record ImageSettings(URI baseUrl, String secret, List<Integer> widths, String sizes) {

    @Override
    public String toString() {
        return "ImageSettings[baseUrl=" + baseUrl + ", widths=" + widths + ", sizes=" + sizes + "]";
    }
}

package dev.bmo.media.links;

import java.net.URI;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The standard renditions whose resizer URLs an upload's reply lists.
 *
 * @param resizerUrl base URL of the resizer (BMO_MEDIA_RESIZER_URL)
 * @param secret     the resizer's signing secret (BMO_RESIZER_SECRET); never logged
 * @param widths     BMO_RENDITION_WIDTHS, shared with the converter
 * @param formats    BMO_RENDITION_FORMATS, shared with the converter
 */
@ConfigurationProperties("bmo.media.renditions")
public record RenditionSettings(URI resizerUrl, String secret, List<Integer> widths, List<String> formats) {

    @Override
    public String toString() {
        return "RenditionSettings[resizerUrl=" + resizerUrl + ", widths=" + widths + ", formats=" + formats + "]";
    }
}

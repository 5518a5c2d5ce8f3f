package dev.bmo.api.images;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * A photo's images as its client needs them: for the web a {@code srcset} (with {@code src} for browsers without
 * it, and a {@code sizes} hint); for a phone the display image at its pixel width and, when that is large, a tiny
 * placeholder to show first.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Images")
public record Images(
        @Schema(allowableValues = {"web", "ios", "android"}, requiredMode = Schema.RequiredMode.REQUIRED) String client,
        @Schema(allowableValues = {"avif", "webp", "jpeg"}, requiredMode = Schema.RequiredMode.REQUIRED) String format,
        @Schema(description = "web: the image for browsers without srcset") String src,
        @Schema(description = "web: signed resizer URLs at the standard widths, 'url 320w, ...'") String srcset,
        @Schema(description = "web: the sizes attribute to go with srcset") String sizes,
        @Schema(description = "ios, android: the one or two URLs the device needs") List<ImageUrl> urls) {

    @Schema(name = "ImageUrl")
    public record ImageUrl(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String url,
            @Schema(description = "pixels", requiredMode = Schema.RequiredMode.REQUIRED) int width,
            @Schema(allowableValues = {"display", "placeholder"}, requiredMode = Schema.RequiredMode.REQUIRED) String use) {
    }
}

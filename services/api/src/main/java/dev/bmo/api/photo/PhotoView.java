package dev.bmo.api.photo;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.bmo.api.images.Images;
import io.swagger.v3.oas.annotations.media.Schema;

/** A photo as the API shows it: who took it, its upright size, when, its state, and its images for the client. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Photo")
public record PhotoView(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, pattern = "^[0-9a-f]{32}$") String id,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String photographer,
        @Schema(description = "pixels, upright (EXIF orientation applied)", requiredMode = Schema.RequiredMode.REQUIRED) int width,
        @Schema(description = "pixels, upright", requiredMode = Schema.RequiredMode.REQUIRED) int height,
        @Schema(description = "when it was uploaded", format = "date-time", requiredMode = Schema.RequiredMode.REQUIRED) String created,
        @Schema(allowableValues = {"processing", "ready", "failed"}, requiredMode = Schema.RequiredMode.REQUIRED) String state,
        @Schema(description = "failed: why, e.g. corrupt_image") String failureReason,
        @Schema(description = "absent when the photo failed") Images images) {
}

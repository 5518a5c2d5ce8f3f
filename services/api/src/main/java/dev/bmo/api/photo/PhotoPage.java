package dev.bmo.api.photo;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** One page of a listing, newest first; {@code nextCursor} fetches the next, absent on the last page. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "PhotoPage")
public record PhotoPage(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<PhotoView> photos,
        @Schema(description = "pass as cursor for the next page") String nextCursor) {
}

package dev.bmo.api.errors;

import io.swagger.v3.oas.annotations.media.Schema;

/** The body of every error: a stable code (what a program checks) and a message (what a person reads). */
@Schema(name = "Error")
public record ApiError(
        @Schema(description = "stable code, e.g. not_found, invalid_api_key, rate_limited, media_unavailable",
                requiredMode = Schema.RequiredMode.REQUIRED) String error,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String message) {
}

package dev.bmo.media.upload;

import org.springframework.http.HttpStatus;

/** Why an upload was turned away: the HTTP status and the stable code clients and metrics see. */
public enum Rejection {
    MISSING_PHOTOGRAPHER(HttpStatus.BAD_REQUEST, "missing_photographer"),
    INVALID_FIELD(HttpStatus.BAD_REQUEST, "invalid_field"),
    NOT_AN_IMAGE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "not_an_image"),
    UNSUPPORTED_IMAGE_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_image_type"),
    UNSUPPORTED_CONTENT_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_content_type"),
    UNREADABLE_IMAGE(HttpStatus.UNPROCESSABLE_CONTENT, "unreadable_image"),
    TRUNCATED_IMAGE(HttpStatus.UNPROCESSABLE_CONTENT, "truncated_image"),
    HEADER_TOO_LARGE(HttpStatus.UNPROCESSABLE_CONTENT, "header_too_large"),
    TOO_MANY_PIXELS(HttpStatus.UNPROCESSABLE_CONTENT, "too_many_pixels"),
    TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "too_large"),
    EMPTY_BODY(HttpStatus.BAD_REQUEST, "empty_body"),
    MALFORMED_MULTIPART(HttpStatus.BAD_REQUEST, "malformed_multipart");

    private final HttpStatus status;
    private final String code;

    Rejection(HttpStatus status, String code) {
        this.status = status;
        this.code = code;
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }
}

package dev.bmo.resizer.web;

import dev.bmo.resizer.request.BadRequestException;
import dev.bmo.resizer.serving.OverloadedException;
import dev.bmo.resizer.source.SourceNotFoundException;
import dev.bmo.resizer.source.UnprocessableSourceException;
import dev.bmo.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** Every failure of an image request becomes a JSON {@link ErrorBody} with a fitting status. */
@RestControllerAdvice
public class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(BadRequestException.class)
    ResponseEntity<ErrorBody> badRequest(BadRequestException e) {
        return body(HttpStatus.BAD_REQUEST, e.code(), e.getMessage());
    }

    @ExceptionHandler(ImageController.SignatureException.class)
    ResponseEntity<ErrorBody> forbidden(ImageController.SignatureException e) {
        return body(HttpStatus.FORBIDDEN, "bad_signature", e.getMessage());
    }

    @ExceptionHandler(SourceNotFoundException.class)
    ResponseEntity<ErrorBody> notFound(SourceNotFoundException e) {
        return body(HttpStatus.NOT_FOUND, "not_found", e.getMessage());
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ErrorBody> noRoute(NoResourceFoundException e) {
        return body(HttpStatus.NOT_FOUND, "not_found", "no such endpoint; images are under /v1/images/{key}");
    }

    @ExceptionHandler(UnprocessableSourceException.class)
    ResponseEntity<ErrorBody> unprocessable(UnprocessableSourceException e) {
        return body(HttpStatus.UNPROCESSABLE_CONTENT, e.code(), e.getMessage());
    }

    @ExceptionHandler(OverloadedException.class)
    ResponseEntity<ErrorBody> overloaded(OverloadedException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                .header(HttpHeaders.CACHE_CONTROL, "no-store").contentType(MediaType.APPLICATION_JSON)
                .body(new ErrorBody(503, e.code(), e.getMessage()));
    }

    @ExceptionHandler(StorageException.class)
    ResponseEntity<ErrorBody> storage(StorageException e) {
        log.warn("S3 failed: {}", e.getMessage());
        return body(HttpStatus.BAD_GATEWAY, "storage_unavailable", "the image store did not answer; try again");
    }

    /** A body that cannot be read (an Actuator write operation sent the wrong JSON, say): the client's mistake. */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ErrorBody> unreadable(HttpMessageNotReadableException e) {
        return body(HttpStatus.BAD_REQUEST, "bad_body", "the request body could not be read as this endpoint's JSON");
    }

    /** Whatever decided its own status (Actuator's missing parameters, say) keeps it, in the JSON shape. */
    @ExceptionHandler(ResponseStatusException.class)
    ResponseEntity<ErrorBody> decided(ResponseStatusException e) {
        HttpStatus status = HttpStatus.resolve(e.getStatusCode().value());
        if (status == null || status.is5xxServerError()) {
            return unexpected(e);
        }
        return body(status, status.name().toLowerCase(java.util.Locale.ROOT),
                e.getReason() == null ? status.getReasonPhrase() : e.getReason());
    }

    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<ErrorBody> unexpected(RuntimeException e) {
        log.error("image request failed", e);
        return body(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error", "the image could not be produced");
    }

    private static ResponseEntity<ErrorBody> body(HttpStatus status, String code, String message) {
        return ResponseEntity.status(status).header(HttpHeaders.CACHE_CONTROL, "no-store")
                .contentType(MediaType.APPLICATION_JSON).body(new ErrorBody(status.value(), code, message));
    }
}

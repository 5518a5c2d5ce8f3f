package dev.bmo.media.upload;

import dev.bmo.storage.StorageException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Every failure of the photo API answers JSON {@code {"error": code, "message": text}}. */
@RestControllerAdvice
public class UploadErrors {

    private static final Logger log = LoggerFactory.getLogger(UploadErrors.class);

    @ExceptionHandler(UploadRejectedException.class)
    ResponseEntity<Map<String, String>> rejected(UploadRejectedException e) {
        return body(e.rejection().status(), e.rejection().code(), e.getMessage());
    }

    @ExceptionHandler(ClientBodyException.class)
    ResponseEntity<Map<String, String>> clientBody(ClientBodyException e) {
        log.info("upload interrupted while reading the body: {}", e.getMessage());
        return body(HttpStatus.BAD_REQUEST, "upload_interrupted", "the body could not be read to its end");
    }

    @ExceptionHandler(UncheckedIOException.class)
    ResponseEntity<Map<String, String>> interrupted(UncheckedIOException e) {
        log.info("upload interrupted while reading the body: {}", e.getMessage());
        return body(HttpStatus.BAD_REQUEST, "upload_interrupted", "the body could not be read to its end");
    }

    @ExceptionHandler(StorageException.class)
    ResponseEntity<Map<String, String>> storage(StorageException e) {
        ClientBodyException client = ClientBodyException.in(e);
        if (client != null) {
            return clientBody(client); // the store's upload failed because the client's body did
        }
        log.warn("S3 failed during an upload: {}", e.getMessage());
        return body(HttpStatus.SERVICE_UNAVAILABLE, "storage_unavailable", "the photo store is unavailable; retry later");
    }

    @ExceptionHandler(DataAccessException.class)
    ResponseEntity<Map<String, String>> database(DataAccessException e) {
        log.warn("the database failed during an upload: {}", e.getMessage());
        return body(HttpStatus.SERVICE_UNAVAILABLE, "database_unavailable", "the photo records are unavailable; retry later");
    }

    private static ResponseEntity<Map<String, String>> body(HttpStatus status, String code, String message) {
        return ResponseEntity.status(status).body(Map.of("error", code, "message", message));
    }
}

package dev.bmo.media.upload;

import dev.bmo.media.links.RenditionLinks;
import dev.bmo.media.photo.Photo;
import dev.bmo.media.photo.PhotoCursor;
import dev.bmo.media.photo.PhotoRepository;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.FileUploadException;
import org.apache.commons.fileupload2.jakarta.servlet6.JakartaServletFileUpload;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/photos}: the image as the raw body ({@code Content-Type: image/*}, photographer in
 * {@code X-Photographer}) or as multipart form data (fields {@code photographer} and
 * {@code idempotencyKey} before the file part, or the same headers). {@code Idempotency-Key} makes a
 * retried upload answer with the first one. {@code GET /v1/photos/{id}}: the photo's record.
 * {@code GET /v1/photos?photographer=&cursor=&limit=}: the records newest first, a page at a time (keyset
 * pagination: {@code next} is the cursor of the following page, absent on the last).
 */
@RestController
@RequestMapping("/v1/photos")
public class PhotoController {

    private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7e]{1,200}");
    private static final int MAX_FIELD_BYTES = 1024;
    static final int MAX_PAGE = 100;

    private final UploadService uploads;
    private final PhotoRepository photos;
    private final RenditionLinks links;

    public PhotoController(UploadService uploads, PhotoRepository photos, RenditionLinks links) {
        this.uploads = uploads;
        this.photos = photos;
        this.links = links;
    }

    @PostMapping
    public ResponseEntity<Map<String, Object>> upload(HttpServletRequest request) throws IOException {
        String contentType = Optional.ofNullable(request.getContentType()).orElse("").toLowerCase(Locale.ROOT);
        UploadResult result;
        if (contentType.startsWith("multipart/form-data")) {
            result = uploadMultipart(request);
        } else if (contentType.startsWith("image/") || contentType.startsWith("application/octet-stream")) {
            result = uploads.accept(new UploadRequest(photographer(HeaderText.decode(request.getHeader("X-Photographer"))),
                    idempotencyKey(request.getHeader("Idempotency-Key")), request.getContentLengthLong(),
                    request.getInputStream()));
        } else {
            throw new UploadRejectedException(Rejection.UNSUPPORTED_CONTENT_TYPE,
                    "send the image as the body with Content-Type image/*, or as multipart/form-data");
        }
        return ResponseEntity.status(result.replayed() ? HttpStatus.OK : HttpStatus.CREATED)
                .header("Location", "/v1/photos/" + result.photo().id())
                .body(view(result.photo(), result.replayed()));
    }

    private UploadResult uploadMultipart(HttpServletRequest request) throws IOException {
        String photographer = HeaderText.decode(request.getHeader("X-Photographer"));
        String idempotencyKey = request.getHeader("Idempotency-Key");
        try {
            FileItemInputIterator items = new JakartaServletFileUpload<>().getItemIterator(request);
            while (items.hasNext()) {
                FileItemInput item = items.next();
                if (item.isFormField()) {
                    String value = readField(item.getInputStream());
                    switch (item.getFieldName()) {
                        case "photographer" -> photographer = value;
                        case "idempotencyKey", "idempotency_key" -> idempotencyKey = value;
                        default -> { }
                    }
                    continue;
                }
                return uploads.accept(new UploadRequest(photographer(photographer), idempotencyKey(idempotencyKey),
                        -1, item.getInputStream()));
            }
        } catch (FileUploadException e) {
            throw new UploadRejectedException(Rejection.MALFORMED_MULTIPART, "malformed multipart body: " + e.getMessage());
        }
        throw new UploadRejectedException(Rejection.EMPTY_BODY, "the multipart body has no file part");
    }

    private static String readField(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_FIELD_BYTES + 1);
        if (bytes.length > MAX_FIELD_BYTES) {
            throw new UploadRejectedException(Rejection.INVALID_FIELD, "form fields are limited to " + MAX_FIELD_BYTES + " bytes");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static String photographer(String value) {
        if (value == null || value.isBlank()) {
            throw new UploadRejectedException(Rejection.MISSING_PHOTOGRAPHER,
                    "say who took the photo: header X-Photographer or form field 'photographer'");
        }
        String name = value.strip();
        if (name.length() > 200 || name.chars().anyMatch(Character::isISOControl)) {
            throw new UploadRejectedException(Rejection.INVALID_FIELD,
                    "the photographer's name must be at most 200 characters without control characters");
        }
        return name;
    }

    static Optional<String> idempotencyKey(String value) {
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        if (!IDEMPOTENCY_KEY.matcher(value).matches()) {
            throw new UploadRejectedException(Rejection.INVALID_FIELD,
                    "the idempotency key must be 1 to 200 printable ASCII characters without spaces");
        }
        return Optional.of(value);
    }

    @GetMapping("/{id}")
    public ResponseEntity<Map<String, Object>> get(@PathVariable String id) {
        Optional<Photo> photo = ID.matcher(id).matches() ? photos.find(id) : Optional.empty();
        return photo.map(p -> ResponseEntity.ok(view(p, false)))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND)
                        .body(Map.of("error", "not_found", "message", "no photo " + id)));
    }

    @GetMapping
    public ResponseEntity<Map<String, Object>> list(@RequestParam Optional<String> photographer,
                                                    @RequestParam Optional<String> cursor,
                                                    @RequestParam(defaultValue = "20") String limit) {
        int size;
        try {
            size = Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            size = -1;
        }
        if (size < 1 || size > MAX_PAGE) {
            return ResponseEntity.badRequest().body(Map.of("error", "invalid_limit",
                    "message", "limit must be a number from 1 to " + MAX_PAGE));
        }
        Optional<PhotoCursor> after = cursor.filter(c -> !c.isEmpty()).map(PhotoCursor::decode)
                .orElse(Optional.empty());
        if (cursor.filter(c -> !c.isEmpty()).isPresent() && after.isEmpty()) {
            return ResponseEntity.badRequest().body(Map.of("error", "invalid_cursor",
                    "message", "the cursor is not one this listing gave"));
        }
        // one more than asked says whether another page follows
        List<Photo> found = photos.newest(photographer.filter(n -> !n.isBlank()).map(String::strip), after, size + 1);
        List<Photo> page = found.subList(0, Math.min(size, found.size()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("photos", page.stream().map(p -> view(p, false)).toList());
        if (found.size() > size) {
            Photo last = page.get(page.size() - 1);
            body.put("next", new PhotoCursor(last.uploadedAt(), last.id()).encode());
        }
        return ResponseEntity.ok(body);
    }

    private Map<String, Object> view(Photo p, boolean replayed) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id());
        m.put("originalKey", p.originalKey());
        m.put("photographer", p.photographer());
        m.put("contentType", p.contentType());
        m.put("width", p.width());
        m.put("height", p.height());
        m.put("bytes", p.sizeBytes());
        m.put("uploadedAt", p.uploadedAt().toString());
        m.put("status", p.status());
        m.put("converted", p.convertedAt().isPresent());
        p.convertedAt().ifPresent(t -> m.put("convertedAt", t.toString()));
        p.failedAt().ifPresent(t -> m.put("failedAt", t.toString()));
        p.failureReason().ifPresent(r -> m.put("reason", r));
        if (replayed) {
            m.put("replayed", true);
        }
        m.put("renditions", links.forOriginal(p.originalKey()));
        return m;
    }
}

package dev.bmo.api.photo;

import dev.bmo.api.cache.Cached;
import dev.bmo.api.cache.CacheSettings;
import dev.bmo.api.cache.Freshness;
import dev.bmo.api.cache.MediaCache;
import dev.bmo.api.errors.ApiError;
import dev.bmo.api.errors.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /v1/photos/{id}} and {@code GET /v1/photos} (newest first, of one photographer or all, a page at a
 * time): media's records, through the cache, with images chosen for the client. {@code X-Cache} says how the
 * answer was got ({@code hit}, {@code miss}, or {@code stale} while media is down, with {@code Age}); ETags and
 * {@code If-None-Match} are the shallow ETag filter's ({@link ConditionalRequests}).
 */
@RestController
@RequestMapping("/v1/photos")
@SecurityRequirement(name = "apiKey")
@ApiResponse(responseCode = "400", description = "a parameter is not valid", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiError.class)))
@ApiResponse(responseCode = "401", description = "no API key, or one not known", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiError.class)))
@ApiResponse(responseCode = "429", description = "the key's rate limit is reached", headers = @Header(name = "Retry-After", schema = @Schema(type = "integer")),
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiError.class)))
@ApiResponse(responseCode = "503", description = "media is unavailable and nothing cached can stand in",
        headers = @Header(name = "Retry-After", schema = @Schema(type = "integer")), content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiError.class)))
public class PhotoController {

    static final Pattern ID = Pattern.compile("[0-9a-f]{32}");
    static final int MAX_PAGE = 100;

    private final MediaCache cache;
    private final PhotoViews views;
    private final ViewCache made;
    private final JsonMapper json;
    private final String cacheControl;

    PhotoController(MediaCache cache, PhotoViews views, ViewCache made, JsonMapper json, CacheSettings settings) {
        this.cache = cache;
        this.views = views;
        this.made = made;
        this.json = json;
        this.cacheControl = cacheControl(settings);
    }

    @GetMapping(value = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "A photo and its images for the client")
    @ApiResponse(responseCode = "200", description = "the photo")
    @ApiResponse(responseCode = "304", description = "not modified since the ETag sent in If-None-Match", content = @Content)
    @ApiResponse(responseCode = "404", description = "no such photo", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiError.class)))
    public ResponseEntity<PhotoView> photo(
            @PathVariable String id,
            @Parameter(description = "web (default), ios or android") @RequestParam(required = false) String client,
            @Parameter(description = "ios, android: the image's width on screen, points") @RequestParam(required = false) Integer width,
            @Parameter(description = "ios, android: pixels per point (default 1)") @RequestParam(required = false) Double dpr,
            @Parameter(description = "the image types the client decodes, as an Accept header (default: this request's Accept)")
            @RequestParam(required = false) String accept,
            @Parameter(hidden = true) @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String acceptHeader) {
        PhotoViews.Screen screen = PhotoViews.Screen.of(client, width, dpr, accept, acceptHeader);
        if (!ID.matcher(id).matches()) {
            throw notFound(id);
        }
        Cached found = cache.get("/v1/photos/" + id);
        if (found.reply().status() == 404) {
            throw notFound(id);
        }
        // a media error throws in read(), so no view is ever kept for one
        return respond(found, made.get(id, screen, found.reply(), () -> views.of(MediaPhoto.of(read(found)), screen)).view());
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Photos newest first, of one photographer or of everyone, a page at a time",
            description = "Keyset pagination: pass nextCursor as cursor for the next page; pages neither repeat nor"
                    + " skip photos while new ones arrive (those come before the first page).")
    @ApiResponse(responseCode = "200", description = "a page of photos")
    @ApiResponse(responseCode = "304", description = "not modified since the ETag sent in If-None-Match", content = @Content)
    public ResponseEntity<PhotoPage> list(
            @Parameter(description = "only this photographer's photos") @RequestParam(required = false) String photographer,
            @Parameter(description = "the order: newest (the only one)") @RequestParam(required = false) String sort,
            @Parameter(description = "nextCursor of the page before") @RequestParam(required = false) String cursor,
            @Parameter(description = "photos per page, 1 to 100 (default 20)") @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String client,
            @RequestParam(required = false) Integer width,
            @RequestParam(required = false) Double dpr,
            @RequestParam(required = false) String accept,
            @Parameter(hidden = true) @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String acceptHeader) {
        PhotoViews.Screen screen = PhotoViews.Screen.of(client, width, dpr, accept, acceptHeader);
        if (sort != null && !sort.equals("newest")) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_sort", "sort can only be newest");
        }
        int size = limit == null ? 20 : limit;
        if (size < 1 || size > MAX_PAGE) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_limit", "limit must be 1 to " + MAX_PAGE);
        }
        StringBuilder path = new StringBuilder("/v1/photos?limit=").append(size);
        if (photographer != null && !photographer.isBlank()) {
            path.append("&photographer=").append(URLEncoder.encode(photographer.strip(), StandardCharsets.UTF_8));
        }
        if (cursor != null && !cursor.isEmpty()) {
            path.append("&cursor=").append(URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        }
        Cached found = cache.get(path.toString());
        if (found.reply().status() == 400) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_cursor", "the cursor is not one this listing gave");
        }
        JsonNode page = read(found);
        List<PhotoView> photos = page.path("photos").valueStream().map(p -> views.of(MediaPhoto.of(p), screen)).toList();
        String next = page.has("next") ? page.path("next").asString() : null;
        return respond(found, new PhotoPage(photos, next));
    }

    private JsonNode read(Cached found) {
        if (!found.reply().ok()) {
            throw new ApiException(HttpStatus.BAD_GATEWAY, "media_error", "media answered " + found.reply().status());
        }
        return json.readTree(found.reply().body());
    }

    private <T> ResponseEntity<T> respond(Cached found, T body) {
        ResponseEntity.BodyBuilder r = ResponseEntity.ok();
        cacheHeaders(found, cacheControl, r::header);
        return r.body(body);
    }

    /** The headers of an answer got this way: the controller's and {@link PhotoHitFilter}'s alike. */
    static void cacheHeaders(Cached found, String cacheControl, BiConsumer<String, String> header) {
        header.accept("X-Cache", found.freshness().header());
        header.accept(HttpHeaders.VARY, HttpHeaders.ACCEPT);
        if (found.freshness() == Freshness.STALE) {
            // served while media is down: clients and caches must not keep it as if it were fresh
            header.accept(HttpHeaders.AGE, Long.toString(found.ageSeconds()));
            header.accept(HttpHeaders.CACHE_CONTROL, "no-cache");
        } else {
            header.accept(HttpHeaders.CACHE_CONTROL, cacheControl);
        }
    }

    static String cacheControl(CacheSettings settings) {
        return "private, max-age=" + settings.freshFor().toSeconds();
    }

    private static ApiException notFound(String id) {
        return new ApiException(HttpStatus.NOT_FOUND, "not_found", "no photo " + id);
    }
}

package dev.bmo.api.photo;

import dev.bmo.api.cache.CacheSettings;
import dev.bmo.api.cache.Cached;
import dev.bmo.api.cache.MediaCache;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers {@code GET /v1/photos/{id}} cache hits before Spring MVC, after the key and rate-limit gate
 * ({@code ApiAccessFilter}): when media's answer is fresh and this screen's answer was made from it, its JSON is
 * written straight out with the headers {@link PhotoController} sends, and {@code If-None-Match} is checked as
 * the ETag filter checks it. That skips handler mapping, argument binding, Jackson and the ETag filter's
 * buffering and hashing, a good part of a hit's CPU and garbage (young-GC pauses are the tail of hit latency).
 * While media's circuit breaker is open, stale answers already made are served the same way (X-Cache stale,
 * Age). Anything else (misses, stale answers while media may answer, bad parameters, a screen not seen yet)
 * goes on to the controller,
 * which owns the errors and makes the answers this filter serves.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 200)
class PhotoHitFilter extends OncePerRequestFilter {

    private static final String PREFIX = "/v1/photos/";

    private final MediaCache cache;
    private final ViewCache made;
    private final String cacheControl;

    PhotoHitFilter(MediaCache cache, ViewCache made, CacheSettings settings) {
        this.cache = cache;
        this.made = made;
        this.cacheControl = PhotoController.cacheControl(settings);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"GET".equals(request.getMethod()) || !request.getRequestURI().startsWith(PREFIX);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Served served = answer(request);
        if (served == null) {
            chain.doFilter(request, response);
            return;
        }
        PhotoAnswer answer = served.answer();
        cache.served(served.found().freshness());
        PhotoController.cacheHeaders(served.found(), cacheControl, response::setHeader);
        if (new ServletWebRequest(request, response).checkNotModified(answer.etag())) {
            return; // 304 with the ETag, no body
        }
        response.setHeader(HttpHeaders.ETAG, answer.etag());
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(answer.json().length);
        response.getOutputStream().write(answer.json());
    }

    /** An answer already made, and how media's answer it was made from was found. */
    private record Served(PhotoAnswer answer, Cached found) {
    }

    /**
     * This request's answer if it is a fresh hit already made, or a stale one while media's breaker is open;
     * null for everything else.
     */
    private Served answer(HttpServletRequest request) {
        String id = request.getRequestURI().substring(PREFIX.length());
        if (!PhotoController.ID.matcher(id).matches()) {
            return null;
        }
        PhotoViews.Screen screen;
        try {
            String width = request.getParameter("width");
            String dpr = request.getParameter("dpr");
            screen = PhotoViews.Screen.of(request.getParameter("client"), width == null ? null : Integer.valueOf(width),
                    dpr == null ? null : Double.valueOf(dpr), request.getParameter("accept"), request.getHeader(HttpHeaders.ACCEPT));
        } catch (RuntimeException invalid) {
            return null; // the controller says what is wrong
        }
        Cached found = cache.withoutAsking(PREFIX + id);
        if (found == null) {
            return null;
        }
        PhotoAnswer answer = made.madeFrom(id, screen, found.reply());
        return answer == null ? null : new Served(answer, found);
    }
}

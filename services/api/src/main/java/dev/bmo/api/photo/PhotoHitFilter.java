package dev.bmo.api.photo;

import dev.bmo.api.cache.CacheSettings;
import dev.bmo.api.cache.Freshness;
import dev.bmo.api.cache.MediaCache;
import dev.bmo.api.media.MediaReply;
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
 * Anything else (misses, stale answers, bad parameters, a screen not seen yet) goes on to the controller,
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
        PhotoAnswer answer = answer(request);
        if (answer == null) {
            chain.doFilter(request, response);
            return;
        }
        cache.servedHit();
        response.setHeader("X-Cache", Freshness.HIT.header());
        response.setHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT);
        response.setHeader(HttpHeaders.CACHE_CONTROL, cacheControl);
        if (new ServletWebRequest(request, response).checkNotModified(answer.etag())) {
            return; // 304 with the ETag, no body
        }
        response.setHeader(HttpHeaders.ETAG, answer.etag());
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(answer.json().length);
        response.getOutputStream().write(answer.json());
    }

    /** This request's answer if it is a fresh hit already made; null for everything else. */
    private PhotoAnswer answer(HttpServletRequest request) {
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
        MediaReply fresh = cache.fresh(PREFIX + id);
        return fresh == null ? null : made.madeFrom(id, screen, fresh);
    }
}

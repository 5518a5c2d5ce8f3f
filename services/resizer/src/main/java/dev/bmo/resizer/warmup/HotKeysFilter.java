package dev.bmo.resizer.warmup;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts every image request answered with a 2xx or 304 in {@link HotKeys}, whether a cache hit or
 * a render. Requests a warm-up sends are not counted (they would only count themselves).
 */
public final class HotKeysFilter extends OncePerRequestFilter {

    /** Marks the warm-up's own requests. */
    public static final String WARMUP_HEADER = "X-Bmo-Warmup";

    private final HotKeys hot;

    public HotKeysFilter(HotKeys hot) {
        this.hot = hot;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(request, response);
        int status = response.getStatus();
        if ("GET".equals(request.getMethod()) && request.getHeader(WARMUP_HEADER) == null
                && (status / 100 == 2 || status == 304)) {
            String query = request.getQueryString();
            hot.answered(request.getRequestURI() + (query == null ? "" : "?" + query));
        }
    }
}

package dev.bmo.api.ratelimit;

import dev.bmo.api.errors.ApiError;
import dev.bmo.api.keys.ApiKey;
import dev.bmo.api.keys.ApiKeyRepository;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gate of {@code /v1/}: a known {@code X-Api-Key} (else 401 {@code missing_api_key} or {@code invalid_api_key}),
 * then a token from that key's bucket (else 429 {@code rate_limited} with {@code Retry-After}). Every answer past
 * the key check carries {@code X-RateLimit-Limit}, {@code -Remaining} and {@code -Reset} (seconds until the
 * bucket is full again).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 100)
public class ApiAccessFilter extends OncePerRequestFilter {

    public static final String HEADER = "X-Api-Key";

    private final ApiKeyRepository keys;
    private final RateLimiter limiter;
    private final JsonMapper json;

    public ApiAccessFilter(ApiKeyRepository keys, RateLimiter limiter, JsonMapper json) {
        this.keys = keys;
        this.limiter = limiter;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/v1/") && !request.getRequestURI().equals("/v1");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = request.getHeader(HEADER);
        if (presented == null || presented.isBlank()) {
            refuse(response, 401, new ApiError("missing_api_key", "send your API key in the " + HEADER + " header"));
            return;
        }
        Optional<ApiKey> key = keys.findByKey(presented.strip());
        if (key.isEmpty()) {
            refuse(response, 401, new ApiError("invalid_api_key", "this API key is not known (or was revoked)"));
            return;
        }
        RateDecision d = limiter.consume(key.get());
        response.setHeader("X-RateLimit-Limit", Integer.toString(d.limit()));
        response.setHeader("X-RateLimit-Remaining", Long.toString(d.remaining()));
        response.setHeader("X-RateLimit-Reset", Long.toString(d.resetSeconds()));
        if (!d.allowed()) {
            response.setHeader("Retry-After", Long.toString(d.retryAfterSeconds()));
            refuse(response, 429, new ApiError("rate_limited", "this key's limit is " + d.limit()
                    + " requests per minute; retry after " + d.retryAfterSeconds() + " s"));
            return;
        }
        chain.doFilter(request, response);
    }

    private void refuse(HttpServletResponse response, int status, ApiError error) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        json.writeValue(response.getOutputStream(), error);
    }
}

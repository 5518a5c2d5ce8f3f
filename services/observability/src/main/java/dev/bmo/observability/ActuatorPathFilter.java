package dev.bmo.observability;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses Actuator requests whose path is not written plainly: path parameters ({@code ;}), encoded
 * characters ({@code %2e}), dot segments, doubled or back slashes. The servlet container normalises
 * such paths before Actuator sees them (so {@code /actuator/health/..;/env} reached health with a
 * broken name and answered 500 with a stack trace, without authentication), and a guard reading the
 * raw path would decide on something else than what is served. Actuator's own paths never need any
 * of these, so they are a 400, decided on the raw request line, before anything else.
 */
class ActuatorPathFilter extends OncePerRequestFilter {

    private static final List<String> REFUSED = List.of(";", "%", "..", "//", "\\", "/./");

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String raw = request.getRequestURI().toLowerCase(Locale.ROOT);
        return !(raw.startsWith("/actuator") || raw.startsWith("//actuator") || raw.startsWith("/%61ctuator"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String raw = request.getRequestURI();
        if (REFUSED.stream().anyMatch(raw::contains) || raw.endsWith("/.")) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            response.setContentType("application/json;charset=UTF-8");
            response.getWriter().write("{\"status\":400,\"error\":\"bad_path\",\"message\":\"Actuator paths are plain:"
                    + " no ';', no '%' escapes, no '.' or '..' segments, no '//' and no backslashes\"}");
            return;
        }
        chain.doFilter(request, response);
    }
}

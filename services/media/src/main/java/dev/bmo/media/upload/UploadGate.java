package dev.bmo.media.upload;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * In front of uploads: one client (its address; behind the load balancer the address HAProxy forwards)
 * holds at most {@code BMO_MEDIA_UPLOADS_PER_CLIENT} uploads at once, so slow or stalled bodies from one
 * client cannot take every connection; beyond, 429. And a body that fails to arrive is told apart from
 * the store's failures ({@link ClientBodyException}). (A client that stops sending gets Tomcat's own 408
 * once the read timeout passes, well before the load balancer's server timeout.)
 */
@Component
public class UploadGate extends OncePerRequestFilter {

    private final int perClient;
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    public UploadGate(@Value("${BMO_MEDIA_UPLOADS_PER_CLIENT:4}") int perClient) {
        if (perClient < 1) {
            throw new IllegalArgumentException("BMO_MEDIA_UPLOADS_PER_CLIENT must be at least 1");
        }
        this.perClient = perClient;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !("POST".equals(request.getMethod()) && request.getRequestURI().equals("/v1/photos"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String client = request.getRemoteAddr();
        AtomicInteger count = inFlight.computeIfAbsent(client, c -> new AtomicInteger());
        if (count.incrementAndGet() > perClient) {
            release(client, count);
            response.setStatus(429);
            response.setHeader("Retry-After", "5");
            response.setContentType("application/json;charset=UTF-8");
            response.getWriter().write("{\"error\":\"too_many_uploads\",\"message\":\"this client already sends "
                    + perClient + " uploads; send the next when one has finished\"}");
            return;
        }
        try {
            chain.doFilter(new GuardedBody(request), response);
        } finally {
            release(client, count);
        }
    }

    private void release(String client, AtomicInteger count) {
        if (count.decrementAndGet() <= 0) {
            inFlight.remove(client, count);
        }
    }

    /** The request with a body whose read failures become {@link ClientBodyException}. */
    private static final class GuardedBody extends HttpServletRequestWrapper {

        private ServletInputStream guarded;

        GuardedBody(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (guarded == null) {
                ServletInputStream in = super.getInputStream();
                guarded = new ServletInputStream() {
                    @Override
                    public int read() {
                        try {
                            return in.read();
                        } catch (IOException e) {
                            throw new ClientBodyException(e);
                        }
                    }

                    @Override
                    public int read(byte[] b, int off, int len) {
                        try {
                            return in.read(b, off, len);
                        } catch (IOException e) {
                            throw new ClientBodyException(e);
                        }
                    }

                    @Override
                    public boolean isFinished() {
                        return in.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return in.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        in.setReadListener(listener);
                    }
                };
            }
            return guarded;
        }
    }
}

package dev.bmo.observability;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * One structured line per request users make (every one, not sampled; Actuator's own traffic left out),
 * on the logger {@code dev.bmo.access}, in ECS field names: {@code http.request.method}, {@code url.path},
 * {@code url.query} without signatures or tokens, {@code http.response.status_code},
 * {@code http.response.body.bytes}, {@code http.request.body.bytes}, {@code event.duration} (ns), and
 * {@code labels.cache} where the service says how its cache answered ({@link #CACHE_HEADER}).
 *
 * <p>Runs inside the request's trace, so the line carries its {@code trace.id}. {@code BMO_ACCESS_LOG=off}
 * turns it off (the logger's level does too).
 */
public class AccessLogFilter extends OncePerRequestFilter {

    /** The response header a service sets to say whether its cache had the answer (the resizer's). */
    public static final String CACHE_HEADER = "X-Resizer-Cache";
    static final String LOGGER = "dev.bmo.access";

    /** Query parameters whose values are secrets or signatures: logged as their name only. */
    private static final Set<String> REDACTED = Set.of("sig", "signature", "token", "x-amz-signature",
            "x-amz-credential", "x-amz-security-token", "access_token", "key");

    private static final Logger log = LoggerFactory.getLogger(LOGGER);

    private final String dataset;

    public AccessLogFilter(String service) {
        this.dataset = service + ".access";
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return ManagementRequests.is(request) || !log.isInfoEnabled();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long start = System.nanoTime();
        CountingResponse counting = new CountingResponse(response);
        int status = 500;
        try {
            chain.doFilter(request, counting);
            status = counting.getStatus();
        } finally {
            write(request, counting, status, System.nanoTime() - start);
        }
    }

    private void write(HttpServletRequest request, CountingResponse response, int status, long nanos) {
        String query = redact(request.getQueryString());
        String path = request.getRequestURI();
        String cache = response.getHeader(CACHE_HEADER);
        LoggingEventBuilder line = log.atInfo()
                .addKeyValue("event.dataset", dataset)
                .addKeyValue("http.request.method", request.getMethod())
                .addKeyValue("url.path", path)
                .addKeyValue("http.response.status_code", status)
                .addKeyValue("http.response.body.bytes", response.bytes())
                .addKeyValue("event.duration", nanos);
        if (query != null) {
            line = line.addKeyValue("url.query", query);
        }
        long requestBytes = request.getContentLengthLong();
        if (requestBytes > 0) {
            line = line.addKeyValue("http.request.body.bytes", requestBytes);
        }
        if (cache != null) {
            line = line.addKeyValue("labels.cache", cache);
        }
        long tenths = nanos / 100_000; // the message's duration in tenths of a millisecond, cheaper than a format
        line.log("{} {}{} {} {} B {}.{} ms{}", request.getMethod(), path, query == null ? "" : "?" + query, status,
                response.bytes(), tenths / 10, tenths % 10, cache == null ? "" : " cache " + cache);
    }

    /** The query with the values of {@link #REDACTED} parameters removed (their names stay). */
    static String redact(String query) {
        if (query == null || query.isEmpty()) {
            return null;
        }
        StringBuilder out = new StringBuilder(query.length());
        for (String pair : query.split("&", -1)) {
            if (out.length() > 0) {
                out.append('&');
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (REDACTED.contains(name.toLowerCase(Locale.ROOT))) {
                out.append(name).append("=-");
            } else {
                out.append(pair);
            }
        }
        return out.toString();
    }

    /** Counts the body bytes written, whatever the service sets as Content-Length (or not). */
    private static final class CountingResponse extends HttpServletResponseWrapper {

        private long bytes;
        private ServletOutputStream stream;

        CountingResponse(HttpServletResponse response) {
            super(response);
        }

        long bytes() {
            return bytes;
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (stream == null) {
                ServletOutputStream inner = super.getOutputStream();
                stream = new ServletOutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        inner.write(b);
                        bytes++;
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        inner.write(b, off, len);
                        bytes += len;
                    }

                    @Override
                    public void flush() throws IOException {
                        inner.flush();
                    }

                    @Override
                    public void close() throws IOException {
                        inner.close();
                    }

                    @Override
                    public boolean isReady() {
                        return inner.isReady();
                    }

                    @Override
                    public void setWriteListener(WriteListener listener) {
                        inner.setWriteListener(listener);
                    }
                };
            }
            return stream;
        }
    }
}

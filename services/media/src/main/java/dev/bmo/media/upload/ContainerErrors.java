package dev.bmo.media.upload;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.WebRequest;

/**
 * The errors the servlet container decides itself, before or beside the controller (a body that stops
 * arriving: Tomcat answers 408 when its read timeout passes; an unknown path) in the photo API's shape
 * {@code {"error": code, "message": text}} like every other error of media.
 */
@Component
public class ContainerErrors extends DefaultErrorAttributes {

    @Override
    public Map<String, Object> getErrorAttributes(WebRequest request, ErrorAttributeOptions options) {
        Map<String, Object> spring = super.getErrorAttributes(request, options);
        int status = spring.get("status") instanceof Integer s ? s : 500;
        HttpStatus known = HttpStatus.resolve(status);
        Map<String, Object> out = new LinkedHashMap<>();
        if (status == HttpStatus.REQUEST_TIMEOUT.value()) {
            out.put("error", "request_timeout");
            out.put("message", "the body stopped arriving; nothing was stored (send it again)");
        } else {
            out.put("error", known == null ? "error" : known.name().toLowerCase(Locale.ROOT));
            out.put("message", known == null ? "the request failed" : known.getReasonPhrase());
        }
        return out;
    }
}

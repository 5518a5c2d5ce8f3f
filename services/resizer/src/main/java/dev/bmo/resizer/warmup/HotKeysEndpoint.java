package dev.bmo.resizer.warmup;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /actuator/hotkeys?limit=200}: the most requested recent image URIs of this host, with
 * their counts, for a restarted peer to replay. Behind the fleet's Actuator token, like metrics:
 * the URIs are the signed URLs the CDN already asked for.
 */
@Endpoint(id = "hotkeys")
public class HotKeysEndpoint {

    static final int MAX_LIMIT = 2000;

    private final HotKeys hot;

    public HotKeysEndpoint(HotKeys hot) {
        this.hot = hot;
    }

    @ReadOperation
    public Map<String, Object> hotKeys(@Nullable Integer limit) {
        int n = limit == null ? 200 : Math.max(0, Math.min(MAX_LIMIT, limit));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tracked", hot.size());
        out.put("keys", hot.top(n));
        return out;
    }
}

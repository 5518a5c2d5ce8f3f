package dev.bmo.api.keys;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;

/**
 * The keys' administration, on Actuator behind the fleet's token (so it exists only where BMO_ACTUATOR_TOKEN is
 * set: an unguarded host offers no way to mint keys). Any one host will do: the keys live in the API's database.
 * <ul>
 * <li>{@code GET /actuator/apikeys}: every key's name, limit, version, created and revoked times (never a key or
 * its hash);
 * <li>{@code POST /actuator/apikeys} {@code {"name":"acme","limit":600}}: issues a new random key for that name
 * (replacing the name's old key, which stops working at once here and within a minute elsewhere) and shows it
 * this once; only its hash is kept, so a lost key is issued again, never recovered;
 * <li>{@code POST /actuator/apikeys} {@code {"name":"acme","limit":1200}} with {@code "keep":true}: only the limit
 * changes, the key stays (the bucket in Redis takes the new limit at the next request);
 * <li>{@code DELETE /actuator/apikeys/acme}: revokes it (404 when there is no such live key).
 * </ul>
 */
@Component
@Endpoint(id = "apikeys")
@ConditionalOnExpression("'${BMO_ACTUATOR_TOKEN:}' != ''")
public class ApiKeysEndpoint {

    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");
    static final int MAX_LIMIT = 1_000_000;
    /** Recognisable by secret scanners and by people: "bmo_" and 32 random bytes, base64url. */
    static final String PREFIX = "bmo_";

    private final ApiKeyRepository keys;
    private final KeySettings settings;
    private final SecureRandom random = new SecureRandom();

    public ApiKeysEndpoint(ApiKeyRepository keys, KeySettings settings) {
        this.keys = keys;
        this.settings = settings;
    }

    @ReadOperation
    public Map<String, List<KeyRecord>> list() {
        return Map.of("keys", keys.all());
    }

    @WriteOperation
    public WebEndpointResponse<Map<String, Object>> issue(String name, @Nullable Integer limit, @Nullable Boolean keep) {
        if (!NAME.matcher(name).matches()) {
            throw new InvalidEndpointRequestException("name must be 1 to 100 of a-z 0-9 . _ - (starting with a letter or digit)",
                    "invalid name");
        }
        int perMinute = limit == null ? settings.defaultLimit() : limit;
        if (perMinute < 1 || perMinute > MAX_LIMIT) {
            throw new InvalidEndpointRequestException("limit must be 1 to " + MAX_LIMIT + " requests per minute", "invalid limit");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("name", name);
        answer.put("limitPerMinute", perMinute);
        if (Boolean.TRUE.equals(keep)) {
            if (!keys.changeLimit(name, perMinute)) {
                return new WebEndpointResponse<>(Map.of("error", "no live key named " + name), WebEndpointResponse.STATUS_NOT_FOUND);
            }
            return new WebEndpointResponse<>(answer, WebEndpointResponse.STATUS_OK);
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        keys.save(name, key, perMinute);
        answer.put("key", key);
        answer.put("note", "shown this once: only its hash is kept");
        return new WebEndpointResponse<>(answer, WebEndpointResponse.STATUS_OK);
    }

    @DeleteOperation
    public WebEndpointResponse<Map<String, Object>> revoke(@Selector String name) {
        if (!keys.revoke(name)) {
            return new WebEndpointResponse<>(Map.of("error", "no live key named " + name), WebEndpointResponse.STATUS_NOT_FOUND);
        }
        return new WebEndpointResponse<>(Map.of("name", name, "revoked", true), WebEndpointResponse.STATUS_OK);
    }
}

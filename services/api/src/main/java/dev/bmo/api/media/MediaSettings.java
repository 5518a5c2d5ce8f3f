package dev.bmo.api.media;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where media is and how long the API waits for it.
 *
 * @param url            media's base URL (BMO_API_MEDIA_URL; HAProxy's frontend in the fleet)
 * @param connectTimeout BMO_API_MEDIA_CONNECT_TIMEOUT
 * @param timeout        per request, until media's answer has begun (BMO_API_MEDIA_TIMEOUT)
 */
@ConfigurationProperties("bmo.api.media")
public record MediaSettings(URI url, Duration connectTimeout, Duration timeout) {
}

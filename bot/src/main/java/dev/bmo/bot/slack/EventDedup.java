package dev.bmo.bot.slack;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;

/**
 * Slack delivers at least once: an event is retried (HTTP {@code X-Slack-Retry-Num}, Socket Mode
 * {@code retry_attempt}) when BMO's ack was late or lost, and a message that starts with "bmo" and
 * mentions BMO arrives twice (a message event and an app_mention event). Each delivery is keyed by
 * what identifies the message itself (channel and ts, the slash command's trigger id), and only the
 * first one runs. The command core's request key covers what this in-memory window does not (a
 * retry after a restart).
 */
public final class EventDedup {

    private final Cache<String, Boolean> seen;

    public EventDedup(Duration window, long maxEntries) {
        this.seen = Caffeine.newBuilder().expireAfterWrite(window).maximumSize(maxEntries).build();
    }

    /** True the first time a key is offered within the window, false for every repeat. */
    public boolean first(String key) {
        return seen.asMap().putIfAbsent(key, Boolean.TRUE) == null;
    }
}

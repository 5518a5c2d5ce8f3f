package dev.bmo.bot.fleet;

import java.util.List;
import java.util.Map;

/**
 * The figures of each service's own work that {@code bmo metrics} adds to the request figures. The meter
 * names are the services' own (and the dashboards' in monitoring/); the fleet tests prove they exist.
 */
final class ServiceFigures {

    private static final Map<String, List<Figure>> BY_SERVICE = Map.of(
            "resizer", List.of(
                    Figure.share("cache hit %", Figure.perMinute("hits", "resizer.cache.hits"), Figure.perMinute("misses", "resizer.cache.misses")),
                    Figure.perMinute("rejected/min", "resizer.rejections"),
                    Figure.current("renders now", "resizer.renders.active")),
            "converter", List.of(
                    Figure.perMinute("conversions/min", "bmo.converter.conversions"),
                    Figure.shared("queued", "bmo.converter.queue.depth", "queue:requests"),
                    Figure.shared("parked", "bmo.converter.queue.depth", "queue:parked"),
                    Figure.perMinute("retries/min", "bmo.converter.retries")),
            "media", List.of(
                    Figure.perMinute("uploads/min", "bmo.media.uploads", "outcome:accepted"),
                    Figure.perMinute("rejected/min", "bmo.media.uploads", "outcome:rejected"),
                    Figure.current("outbox backlog", "bmo.media.outbox.backlog")),
            "api", List.of(
                    Figure.perMinute("rate-limited/min", "api.ratelimit.rejected"),
                    Figure.share("cache hit %", Figure.perMinute("hits", "api.cache.requests", "result:hit"),
                            Figure.perMinute("misses", "api.cache.requests", "result:miss")),
                    Figure.perMinute("stale/min", "api.cache.requests", "result:stale"),
                    // 0 closed, 1 half open, 2 open: per host, as each host has its own breaker
                    Figure.current("media breaker", "api.media.breaker.state")));

    static List<Figure> of(String service) {
        return BY_SERVICE.getOrDefault(service, List.of());
    }

    private ServiceFigures() {
    }
}

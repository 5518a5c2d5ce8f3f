package dev.bmo.resizer.warmup;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The image requests this host answered recently, counted: a restarted peer replays the most asked
 * for ({@link WarmupEndpoint}) before it takes traffic, so it does not meet the CDN with a cold cache.
 * Bounded: at most {@code maxKeys} request URIs (path and signed query, as the CDN sent them), each
 * forgotten after {@code forgetAfter} without a request.
 */
public final class HotKeys {

    public record Hot(String uri, long count) {
    }

    private final Cache<String, LongAdder> counts;

    public HotKeys(int maxKeys, Duration forgetAfter) {
        this.counts = Caffeine.newBuilder().maximumSize(maxKeys).expireAfterAccess(forgetAfter).build();
    }

    /** One answered request (2xx or 304) for this URI. */
    public void answered(String uri) {
        counts.get(uri, k -> new LongAdder()).increment();
    }

    /** The {@code limit} most asked-for URIs, most first. */
    public List<Hot> top(int limit) {
        return counts.asMap().entrySet().stream().map(e -> new Hot(e.getKey(), e.getValue().sum()))
                .sorted(Comparator.comparingLong(Hot::count).reversed().thenComparing(Hot::uri))
                .limit(Math.max(0, limit)).toList();
    }

    public long size() {
        counts.cleanUp();
        return counts.estimatedSize();
    }
}

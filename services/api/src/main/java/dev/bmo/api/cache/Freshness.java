package dev.bmo.api.cache;

/** How an answer was got: from the cache while fresh, from media, or from the cache because media was not there. */
public enum Freshness {
    HIT, MISS, STALE;

    /** The {@code X-Cache} header's value. */
    public String header() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

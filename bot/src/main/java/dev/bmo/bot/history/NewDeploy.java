package dev.bmo.bot.history;

/** What is known of a deploy when it is requested. */
public record NewDeploy(String requestKey, String kind, String service, String env, String hostsLimit, String ref,
        String requestedBy, boolean forced, boolean queued, String origin, Long rollbackOf) {
}

package dev.bmo.bot.history;

/**
 * What is known of a deploy when it is requested.
 *
 * @param commit the commit {@code ref} named when it was requested (null: resolved by the pipeline): what
 *               an approval approves and what the pipeline builds
 */
public record NewDeploy(String requestKey, String kind, String service, String env, String hostsLimit, String ref,
        String requestedBy, boolean forced, boolean queued, String origin, Long rollbackOf, String commit) {

    public NewDeploy(String requestKey, String kind, String service, String env, String hostsLimit, String ref,
            String requestedBy, boolean forced, boolean queued, String origin, Long rollbackOf) {
        this(requestKey, kind, service, env, hostsLimit, ref, requestedBy, forced, queued, origin, rollbackOf, null);
    }
}

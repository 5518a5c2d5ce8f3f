package dev.bmo.bot.deploy;

import dev.bmo.bot.command.Caller;
import java.util.List;

/**
 * A request to deploy, as a chat adapter hands it over.
 *
 * @param ref        branch, tag or commit; null means the environment's default branch
 * @param env        null means the service's default environment
 * @param hosts      hosts or groups of the inventory to limit the rollout to; empty means all
 * @param force      skip the skippable pre-deploy checks ({@code deploy!})
 * @param queue      wait for a lock held by someone else instead of giving up
 * @param requestKey idempotency key: a second request with the same key returns the first deploy
 *                   (Slack retries); null means none
 * @param origin     where the request came from, in the adapter's own words (kept for the adapter:
 *                   e.g. the Slack channel and thread to report an interruption to after a restart)
 * @param listener   receives this deploy's events from acceptance to the end
 */
public record DeployRequest(Caller caller, String service, String ref, String env, List<String> hosts,
        boolean force, boolean queue, String requestKey, String origin, DeployListener listener) {

    public DeployRequest {
        hosts = hosts == null ? List.of() : List.copyOf(hosts);
        listener = listener == null ? DeployListener.NONE : listener;
    }
}

package dev.bmo.bot.deploy;

import dev.bmo.bot.history.DeployStatus;
import java.util.concurrent.CompletableFuture;

/**
 * The answer to a deploy request: which deploy it is, where it stands now, what to tell the
 * requester, and a future that completes with the summary when the deploy ends (whenever that is:
 * queued and waiting deploys complete later).
 *
 * @param duplicate true when the request key had been seen: this is the earlier deploy, not a new one
 */
public record DeployHandle(long id, DeployStatus status, boolean duplicate, String message,
        CompletableFuture<DeploySummary> done) {
}

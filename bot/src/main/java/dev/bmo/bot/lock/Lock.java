package dev.bmo.bot.lock;

import java.time.Instant;

/** A held lock: who, why, since when, until when (if it expires), and the deploy holding it, if any. */
public record Lock(String service, String env, String holder, String reason, Instant since, Instant expiresAt,
        boolean manual, Long deployId) {

    public String describe() {
        StringBuilder s = new StringBuilder(service).append(" in ").append(env).append(" is locked by ").append(holder);
        if (deployId != null && !manual) {
            s.append(" (deploy #").append(deployId).append(" running)");
        } else if (reason != null && !reason.isBlank()) {
            s.append(" (").append(reason).append(")");
        }
        s.append(" since ").append(since);
        if (expiresAt != null) {
            s.append(", expires ").append(expiresAt);
        }
        if (manual && deployId != null) {
            s.append("; deploy #").append(deployId).append(" is running under it");
        }
        return s.toString();
    }
}

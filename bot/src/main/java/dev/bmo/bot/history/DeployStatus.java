package dev.bmo.bot.history;

/** Where a deploy is in its life. Final states never change again. */
public enum DeployStatus {
    REQUESTED, AWAITING_APPROVAL, QUEUED, RUNNING,
    SUCCEEDED, FAILED, REFUSED, REJECTED, CANCELLED, INTERRUPTED, EXPIRED;

    public boolean isFinal() {
        return ordinal() >= SUCCEEDED.ordinal();
    }

    public String word() {
        return name().toLowerCase().replace('_', ' ');
    }
}

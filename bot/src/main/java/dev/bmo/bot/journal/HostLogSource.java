package dev.bmo.bot.journal;

import java.time.Instant;

/** Where a service's log lines come from on one kind of host: a simulated host's file, or journald over SSH. */
public interface HostLogSource {

    /** At most {@code max} of the host's newest entries from {@code since} on; a failure is a {@link HostLog#problem()}. */
    HostLog read(String host, Instant since, int max);
}

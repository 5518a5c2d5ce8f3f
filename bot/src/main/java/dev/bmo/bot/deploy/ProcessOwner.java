package dev.bmo.bot.deploy;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Who runs a deploy: host, pid and start time of the BMO process (and which service instance in
 * it). Another BMO decides from this whether the owner is gone: on the same host by asking the
 * operating system, elsewhere by the age of the owner's heartbeat.
 */
record ProcessOwner(String host, long pid, long startMillis, String instance) {

    /** How far two JVMs' views of one process's start may differ; a reused pid starts much later. */
    private static final long START_TOLERANCE_MS = 10_000;

    static ProcessOwner current() {
        ProcessHandle me = ProcessHandle.current();
        return new ProcessOwner(hostName(), me.pid(),
                me.info().startInstant().map(Instant::toEpochMilli).orElse(0L),
                UUID.randomUUID().toString().substring(0, 8));
    }

    static Optional<ProcessOwner> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String[] p = text.split("\\|");
        try {
            return p.length == 4 ? Optional.of(new ProcessOwner(p[0], Long.parseLong(p[1]), Long.parseLong(p[2]), p[3]))
                    : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return host + "|" + pid + "|" + startMillis + "|" + instance;
    }

    /**
     * Whether the owner of a deploy is gone. An owner on this host is asked for directly: gone when
     * its pid no longer runs, or runs a process that started at another time (a reused pid) and the
     * heartbeat is older than {@code timeout}; one elsewhere is gone when its heartbeat is that old. Unknown owners count as gone once their heartbeat is old too.
     */
    boolean considersGone(String runner, Instant heartbeat, Duration timeout) {
        Optional<ProcessOwner> owner = parse(runner);
        if (owner.isPresent() && owner.get().host.equals(host)) {
            if (owner.get().pid == pid && owner.get().startMillis == startMillis) {
                return false; // this very process (another service instance in it, in tests)
            }
            Optional<ProcessHandle> alive = ProcessHandle.of(owner.get().pid).filter(ProcessHandle::isAlive);
            if (alive.isEmpty()) {
                return true;
            }
            // a live pid is the owner unless it started at another time (a reused pid). Each JVM derives
            // start times from the boot time it read once (/proc/stat btime = wall clock minus uptime, which
            // moves when the clock is adjusted, or when a paused VM's clock is set right): a JVM that has run
            // for long may disagree by far with a new one about the same process. So a start time that differs
            // counts only once the heartbeat is silent too (the owner refreshes it; a reused pid does not), and
            // an unreadable start time never interrupts a running deploy
            boolean otherStart = alive.get().info().startInstant().map(Instant::toEpochMilli)
                    .map(start -> Math.abs(start - owner.get().startMillis) > START_TOLERANCE_MS).orElse(false);
            return otherStart && silent(heartbeat, timeout);
        }
        return silent(heartbeat, timeout);
    }

    private static boolean silent(Instant heartbeat, Duration timeout) {
        return heartbeat == null || heartbeat.isBefore(Instant.now().minus(timeout));
    }

    boolean sameHost(String runner) {
        return parse(runner).map(o -> o.host.equals(host)).orElse(false);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }
}

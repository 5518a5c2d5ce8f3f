package dev.bmo.bot.fleet;

import java.time.Duration;
import java.util.List;

/** What one host said about itself: state, version, commit, uptime and the components that are down. */
public record HostStatus(ServiceHost host, State state, String version, String commit, Duration uptime,
                         List<String> failing, String problem) {

    public enum State { UP, DOWN, UNREACHABLE }

    static HostStatus unreachable(ServiceHost host, String why) {
        return new HostStatus(host, State.UNREACHABLE, "?", "?", null, List.of(), why);
    }
}

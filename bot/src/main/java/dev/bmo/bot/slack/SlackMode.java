package dev.bmo.bot.slack;

import java.util.Locale;

/** How BMO talks to Slack, chosen with {@code BMO_SLACK_MODE}; {@code off} keeps the local shell. */
public enum SlackMode {
    OFF, SOCKET, HTTP;

    static SlackMode parse(String value) {
        if (value == null || value.isBlank()) {
            return OFF;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "off", "none", "shell" -> OFF;
            case "socket" -> SOCKET;
            case "http" -> HTTP;
            default -> throw new SlackStartupException("BMO_SLACK_MODE must be 'socket', 'http' or 'off', not '"
                    + value + "'");
        };
    }
}

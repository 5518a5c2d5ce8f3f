package dev.bmo.bot.slack;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Slack adapter's settings, from {@code BMO_SLACK_*} (Spring's relaxed binding: {@code
 * BMO_SLACK_BOT_TOKEN} is {@code bmo.slack.bot-token}). Secrets are never printed: {@link #toString()}
 * says only whether each one is set.
 *
 * @param mode          {@code socket}, {@code http} or {@code off} (the default: the local shell)
 * @param botToken      the bot token ({@code xoxb-}), needed in both modes
 * @param appToken      the app-level token ({@code xapp-}, scope {@code connections:write}), Socket Mode
 * @param signingSecret the signing secret that checks requests in HTTP mode
 * @param userToken     optional user token ({@code xoxp-}) with {@code search:read} for Slack search
 * @param address       where the HTTP mode endpoint listens
 * @param port          the HTTP mode port (0: any free port)
 * @param apiUrl        Slack Web API base, for example {@code http://127.0.0.1:9999/api/} (empty: Slack)
 * @param messageInterval the least time between two writes into one channel
 */
@ConfigurationProperties("bmo.slack")
public record SlackSettings(
        @DefaultValue("off") String mode,
        String botToken,
        String appToken,
        String signingSecret,
        String userToken,
        @DefaultValue("127.0.0.1") String address,
        @DefaultValue("3000") int port,
        String apiUrl,
        @DefaultValue("1100ms") java.time.Duration messageInterval) {

    public SlackMode slackMode() {
        return SlackMode.parse(mode);
    }

    /** The environment variables this mode needs that are not set, by name. */
    public List<String> missing() {
        List<String> out = new ArrayList<>();
        SlackMode m = slackMode();
        if (m == SlackMode.OFF) {
            return out;
        }
        if (blank(botToken)) {
            out.add("BMO_SLACK_BOT_TOKEN");
        }
        if (m == SlackMode.SOCKET && blank(appToken)) {
            out.add("BMO_SLACK_APP_TOKEN");
        }
        if (m == SlackMode.HTTP && blank(signingSecret)) {
            out.add("BMO_SLACK_SIGNING_SECRET");
        }
        return out;
    }

    /** Fails with the names of the missing variables when the chosen mode cannot start. */
    public void check() {
        List<String> missing = missing();
        if (!missing.isEmpty()) {
            throw new SlackStartupException("BMO_SLACK_MODE=" + mode + " needs " + String.join(" and ", missing)
                    + " (see bot/README.md, section Slack)");
        }
        if (slackMode() == SlackMode.HTTP && (port < 0 || port > 65535)) {
            // 0 means any free port
            throw new SlackStartupException("BMO_SLACK_PORT must be a TCP port (0-65535), not " + port);
        }
    }

    public boolean searchEnabled() {
        return !blank(userToken);
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    @Override
    public String toString() {
        return "SlackSettings[mode=" + mode + ", botToken=" + set(botToken) + ", appToken=" + set(appToken)
                + ", signingSecret=" + set(signingSecret) + ", userToken=" + set(userToken) + ", address=" + address
                + ", port=" + port + ", apiUrl=" + apiUrl + ", messageInterval=" + messageInterval + "]";
    }

    private static String set(String secret) {
        return blank(secret) ? "(unset)" : "(set)";
    }
}

package dev.bmo.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SlackSettingsTest {

    static SlackSettings settings(String mode, String bot, String app, String secret) {
        return new SlackSettings(mode, bot, app, secret, null, "127.0.0.1", 3000, null, Duration.ofSeconds(1));
    }

    @Test
    void offNeedsNothing() {
        assertThat(settings(null, null, null, null).slackMode()).isEqualTo(SlackMode.OFF);
        assertThat(settings("off", null, null, null).missing()).isEmpty();
        settings("", null, null, null).check();
    }

    @Test
    void socketModeNamesEachMissingToken() {
        assertThatThrownBy(() -> settings("socket", null, null, null).check())
                .isInstanceOf(SlackStartupException.class)
                .hasMessageContaining("BMO_SLACK_BOT_TOKEN").hasMessageContaining("BMO_SLACK_APP_TOKEN")
                .hasMessageNotContaining("SIGNING_SECRET");
        assertThatThrownBy(() -> settings("socket", "xoxb-1", " ", null).check())
                .hasMessageContaining("BMO_SLACK_APP_TOKEN").hasMessageNotContaining("BOT_TOKEN");
        settings("socket", "xoxb-1", "xapp-1", null).check();
    }

    @Test
    void httpModeNeedsTheSigningSecret() {
        assertThatThrownBy(() -> settings("http", "xoxb-1", null, "").check())
                .hasMessageContaining("BMO_SLACK_SIGNING_SECRET").hasMessageNotContaining("APP_TOKEN");
        settings("HTTP", "xoxb-1", null, "secret").check();
    }

    @Test
    void anUnknownModeIsRefusedByName() {
        assertThatThrownBy(() -> settings("carrier-pigeon", null, null, null).check())
                .hasMessageContaining("BMO_SLACK_MODE").hasMessageContaining("carrier-pigeon");
    }

    @Test
    void secretsNeverShowInToString() {
        String s = new SlackSettings("http", "xoxb-very-secret", "xapp-very-secret", "signing-very-secret",
                "xoxp-very-secret", "127.0.0.1", 3000, null, Duration.ofSeconds(1)).toString();
        assertThat(s).doesNotContain("very-secret").contains("(set)");
    }
}

package dev.bmo.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bmo.bot.support.TestBot;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The app manifest in the repo asks for what the adapter uses, and points Slack at BMO's endpoint. */
class SlackAppManifestTest {

    @Test
    void theManifestAsksForEveryScopeAndEventTheAdapterUses() throws Exception {
        JsonNode m = YAMLMapper.builder().build().readTree(
                Files.readString(TestBot.repoRoot().resolve("bot/slack-app-manifest.yml")));
        assertThat(strings(m.at("/oauth_config/scopes/bot"))).contains("app_mentions:read", "channels:history",
                "chat:write", "commands", "files:write", "usergroups:read");
        assertThat(strings(m.at("/oauth_config/scopes/user"))).contains("search:read");
        assertThat(strings(m.at("/settings/event_subscriptions/bot_events"))).contains("app_mention",
                "message.channels");
        assertThat(m.at("/features/slash_commands/0/command").asString()).isEqualTo("/bmo");
        assertThat(m.at("/features/slash_commands/0/url").asString()).endsWith(SlackHttpEndpoint.PATH);
        assertThat(m.at("/settings/event_subscriptions/request_url").asString()).endsWith(SlackHttpEndpoint.PATH);
        assertThat(m.at("/settings/interactivity/request_url").asString()).endsWith(SlackHttpEndpoint.PATH);
        assertThat(m.at("/settings/interactivity/is_enabled").asBoolean()).isTrue();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }
}

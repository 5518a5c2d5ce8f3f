package dev.bmo.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What users type comes back as text, never as Slack markup: through the signed HTTP endpoint and
 * the real command core, with the fake Slack recording what BMO posts. A {@code <!channel>} typed
 * after a command is quoted, not a ping; help's {@code <service>} placeholders are shown, not eaten
 * as links; a lock's reason (anyone's text) stays text in every reply that shows it.
 */
class SlackEscapingTest extends ThroughTheEndpoint {

    static final String CHANNEL = "CDEPLOYS";


    /** Sends a message as Slack would (what was typed, with Slack's own escaping of & < > in plain text). */
    private String say(String eventId, String text) throws Exception {
        int before = slack.calls("chat.postMessage").size();
        String body = SlackRequests.messageEvent(eventId, CHANNEL, "UBOB", text, SlackHttpModeTest.ts()).toString();
        assertThat(requests.post(url, "application/json", body, SlackRequests.now(), null).statusCode())
                .isEqualTo(200);
        await().atMost(10, TimeUnit.SECONDS).until(() -> slack.calls("chat.postMessage").size() > before
                && adapter.idle());
        return String.join("\n", slack.calls("chat.postMessage").subList(before, slack.calls("chat.postMessage").size())
                .stream().map(c -> c.param("text")).toList());
    }

    @Test
    void aBroadcastMentionTypedAfterACommandIsQuotedNotSent() throws Exception {
        String reply = say("EvE1", "bmo deploy resizer to local <!channel>");
        assertThat(reply).contains("&lt;!channel&gt;").doesNotContain("<!channel>");
        reply = say("EvE2", "bmo lock resizer in local <!here> & <https://evil.example|click me>");
        assertThat(reply).doesNotContain("<!here>").doesNotContain("<https://");
    }

    @Test
    void helpShowsItsPlaceholders() throws Exception {
        String help = say("EvE3", "bmo help");
        assertThat(help).contains("deploy[!] &lt;service&gt;[/&lt;ref&gt;]").doesNotContain("<service>");
    }

    @Test
    void aLockReasonIsShownAsWrittenWhereverItAppears() throws Exception {
        // Slack delivers a typed "a < b & c" as "a &lt; b &amp; c": the core stores the characters typed
        say("EvE4", "bmo lock resizer in local db &lt; 5 &amp; <!subteam^S123> away");
        assertThat(bot.locks.all()).singleElement().satisfies(l -> assertThat(l.reason())
                .isEqualTo("db < 5 & <!subteam^S123> away"));
        String locks = say("EvE5", "bmo locks");
        assertThat(locks).contains("db &lt; 5 &amp; &lt;!subteam^S123&gt; away").doesNotContain("<!subteam");
    }

    @Test
    void aSlashCommandsAckQuotesWhatWasTyped() throws Exception {
        String body = SlackRequests.form(SlackRequests.slashCommand(CHANNEL, "UBOB", "deploy <!here>",
                "trigger-e1", slack.responseUrl("re1")));
        HttpResponse<String> ack = requests.post(url, "application/x-www-form-urlencoded", body,
                SlackRequests.now(), null);
        assertThat(ack.statusCode()).isEqualTo(200);
        // the ack is JSON (Gson writes & as \u0026)
        assertThat(ack.body().replace("\\u0026", "&")).contains("&lt;!here&gt;").doesNotContain("<!here>");
    }
}

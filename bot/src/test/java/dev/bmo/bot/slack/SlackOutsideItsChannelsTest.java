package dev.bmo.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bmo.bot.history.DeployStatus;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code /bmo} where BMO is not a member (a DM, a private channel): Slack refuses its chat.postMessage
 * there (channel_not_found), so answers go through the command's response_url, and a deploy asked for
 * there tells its requester how to follow it instead of vanishing.
 */
class SlackOutsideItsChannelsTest extends ThroughTheEndpoint {


    private void slash(String channel, String text, String trigger) throws Exception {
        String body = SlackRequests.form(SlackRequests.slashCommand(channel, "UBOB", text, trigger,
                slack.responseUrl(trigger)));
        assertThat(requests.post(url, "application/x-www-form-urlencoded", body, SlackRequests.now(), null)
                .statusCode()).isEqualTo(200);
    }

    @Test
    void helpInADirectMessageIsAnsweredThroughTheResponseUrl() throws Exception {
        slack.notMember("D0BOB");
        slash("D0BOB", "help", "trigger-dm-1");
        await().atMost(10, TimeUnit.SECONDS).until(() -> !slack.responseUrlPosts().isEmpty() && adapter.idle());
        String answer = String.join("\n", slack.responseUrlPosts());
        assertThat(answer).contains("BMO commands").contains("deploy[!] &lt;service&gt;")
                .contains("\"response_type\":\"in_channel\"");
    }

    @Test
    void aDeployAskedForInAPrivateChannelSaysHowToFollowIt() throws Exception {
        slack.notMember("G0PRIVATE");
        slash("G0PRIVATE", "deploy resizer to local", "trigger-priv-1");
        await().atMost(20, TimeUnit.SECONDS).until(() -> String.join("\n", slack.responseUrlPosts())
                .contains("not in this conversation"));
        long id = bot.history.list("resizer", "local", 5).get(0).id();
        assertThat(String.join("\n", slack.responseUrlPosts())).contains("Deploy #" + id + " was accepted")
                .contains("/bmo logs " + id);
        await().atMost(20, TimeUnit.SECONDS).until(() -> bot.history.find(id).orElseThrow().status().isFinal());
        assertThat(bot.history.find(id).orElseThrow().status()).isEqualTo(DeployStatus.SUCCEEDED);
    }
}

package dev.bmo.bot.slack;

import dev.bmo.bot.deploy.DeployPipeline;
import dev.bmo.bot.slack.fake.FakeSlack;
import dev.bmo.bot.support.TestBot;
import java.time.Duration;

/**
 * BMO's Slack adapter in HTTP mode over the real command core (real catalog, H2, the given pipeline),
 * talking to the fake Slack: what the Slack tests through the signed endpoint share.
 */
final class SlackHarness implements AutoCloseable {

    final FakeSlack slack;
    final TestBot bot;
    final SlackAdapter adapter;
    final SlackHttpEndpoint endpoint;
    final String url;
    final SlackRequests requests = new SlackRequests(SlackHttpModeTest.SECRET);

    SlackHarness(DeployPipeline pipeline) throws Exception {
        slack = new FakeSlack();
        bot = TestBot.onRealCatalog(pipeline);
        SlackSettings settings = new SlackSettings("http", "xoxb-test-bot", null, SlackHttpModeTest.SECRET, null,
                "127.0.0.1", 0, slack.apiUrl(), Duration.ofMillis(100));
        adapter = new SlackAdapter(settings, new CommandCoreGateway(bot.core));
        endpoint = new SlackHttpEndpoint(adapter, "127.0.0.1", 0);
        url = "http://127.0.0.1:" + endpoint.port() + SlackHttpEndpoint.PATH;
    }

    @Override
    public void close() {
        endpoint.close();
        adapter.close();
        bot.close();
        slack.close();
    }
}

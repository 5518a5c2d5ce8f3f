package dev.bmo.bot.slack;

import dev.bmo.bot.deploy.DeployPipeline;
import dev.bmo.bot.slack.fake.FakeSlack;
import dev.bmo.bot.support.TestBot;
import java.io.IOException;
import java.time.Duration;

/**
 * BMO's Slack adapter in HTTP mode over the real command core (real catalog, H2, the given pipeline),
 * talking to the fake Slack: what the Slack tests through the signed endpoint share.
 */
final class SlackHarness implements AutoCloseable {

    final FakeSlack slack;
    final TestBot bot;
    private final SlackSettings settings;
    SlackAdapter adapter;
    SlackHttpEndpoint endpoint;
    String url;
    final SlackRequests requests = new SlackRequests(SlackHttpModeTest.SECRET);

    SlackHarness(DeployPipeline pipeline) throws Exception {
        this(pipeline, Duration.ofMillis(100));
    }

    /** @param writeInterval the adapter's pause between Slack writes (its rate limiting) */
    SlackHarness(DeployPipeline pipeline, Duration writeInterval) throws Exception {
        this(TestBot.onRealCatalog(pipeline), writeInterval);
    }

    /** Over a core of the test's own making (with plug-in handlers, say). */
    SlackHarness(TestBot bot, Duration writeInterval) throws Exception {
        slack = new FakeSlack();
        this.bot = bot;
        settings = new SlackSettings("http", "xoxb-test-bot", null, SlackHttpModeTest.SECRET, null,
                "127.0.0.1", 0, slack.apiUrl(), writeInterval);
        listen();
    }

    private void listen() throws IOException {
        adapter = new SlackAdapter(settings, bot.core::handle);
        endpoint = new SlackHttpEndpoint(adapter, "127.0.0.1", 0);
        url = "http://127.0.0.1:" + endpoint.port() + SlackHttpEndpoint.PATH;
    }

    /** A BMO restart as far as Slack sees it: a new adapter (which forgets the events it saw) and endpoint. */
    void restartAdapter() throws IOException {
        adapter.close();
        endpoint.close();
        listen();
    }

    @Override
    public void close() {
        endpoint.close();
        adapter.close();
        bot.close();
        slack.close();
    }
}

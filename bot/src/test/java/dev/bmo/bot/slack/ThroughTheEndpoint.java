package dev.bmo.bot.slack;

import dev.bmo.bot.deploy.DeployPipeline;
import dev.bmo.bot.slack.fake.FakeSlack;
import dev.bmo.bot.support.QuickStage;
import dev.bmo.bot.support.TestBot;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh {@link SlackHarness} per test (a one-stage pipeline): the signed endpoint, the real core, the fake Slack. */
abstract class ThroughTheEndpoint {

    SlackHarness h;
    FakeSlack slack;
    TestBot bot;
    SlackAdapter adapter;
    String url;
    SlackRequests requests;

    @BeforeEach
    void start() throws Exception {
        h = new SlackHarness(new DeployPipeline(List.of(new QuickStage("deploy"))));
        slack = h.slack;
        bot = h.bot;
        adapter = h.adapter;
        url = h.url;
        requests = h.requests;
    }

    @AfterEach
    void stop() {
        h.close();
    }
}

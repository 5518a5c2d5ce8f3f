package dev.bmo.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.bmo.bot.command.Reply;
import dev.bmo.bot.slack.fake.FakeSlack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.mock.env.MockEnvironment;

class SlackStarterTest {

    static final CommandGateway ECHO = request -> Reply.ok("echo " + request.text());

    @Test
    void refusesToStartInSlackModeWithoutItsTokensAndNamesThem() {
        SlackSettings socket = new SlackSettings("socket", "xoxb-1", null, null, null, "127.0.0.1", 0, null,
                Duration.ofSeconds(1));
        assertThatThrownBy(() -> new SlackStarter(socket, ECHO)).isInstanceOf(SlackStartupException.class)
                .hasMessage("BMO_SLACK_MODE=socket needs BMO_SLACK_APP_TOKEN (see bot/README.md, section Slack)");
    }

    @Test
    void theRefusalIsReportedPlainly() {
        SlackStartupException e = new SlackStartupException("BMO_SLACK_MODE=http needs BMO_SLACK_SIGNING_SECRET");
        var analysis = new SlackStartupFailureAnalyzer().analyze(new RuntimeException("bean failed", e));
        assertThat(analysis.getDescription()).contains("BMO_SLACK_SIGNING_SECRET");
        assertThat(analysis.getAction()).contains("BMO_SLACK_MODE");
    }

    @Test
    void withoutASlackModeItStepsAsideForTheShell() throws Exception {
        SlackSettings off = new SlackSettings(null, null, null, null, null, "127.0.0.1", 0, null,
                Duration.ofSeconds(1));
        SlackStarter starter = new SlackStarter(off, ECHO);
        starter.run(new DefaultApplicationArguments());
        assertThat(starter.httpPort()).isEqualTo(-1);
        starter.destroy();
    }

    @Test
    void httpModeServesSignedRequestsUntilStopped() throws Exception {
        try (FakeSlack slack = new FakeSlack()) {
            SlackSettings http = new SlackSettings("http", "xoxb-1", null, "secret", null, "127.0.0.1", 0,
                    slack.apiUrl(), Duration.ofMillis(100));
            SlackStarter starter = new SlackStarter(http, ECHO);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread main = new Thread(() -> {
                try {
                    starter.run(new DefaultApplicationArguments());
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            main.start();
            await().atMost(10, TimeUnit.SECONDS).until(() -> starter.httpPort() > 0);

            String url = "http://127.0.0.1:" + starter.httpPort() + SlackHttpEndpoint.PATH;
            String body = SlackRequests.messageEvent("EvStart", "C1", "UBOB", "bmo ping", "1730000000.000100")
                    .toString();
            assertThat(new SlackRequests("secret").post(url, "application/json", body, SlackRequests.now(), null)
                    .statusCode()).isEqualTo(200);
            await().atMost(5, TimeUnit.SECONDS).until(() -> slack.calls("chat.postMessage").stream()
                    .anyMatch(c -> c.param("text").equals("echo ping")));

            assertThat(main.isAlive()).as("serves until stopped").isTrue();
            starter.destroy();
            main.join(5000);
            assertThat(main.isAlive()).isFalse();
            assertThat(failure.get()).isNull();
        }
    }

    @Test
    void slackModeTurnsTheShellOffUnlessOneCommandIsAsked() {
        assertThat(shellSetting(Map.of("bmo.slack.mode", "http"), List.of())).isEqualTo("false");
        assertThat(shellSetting(Map.of("bmo.slack.mode", "socket"), List.of("-c", "help"))).isNull();
        assertThat(shellSetting(Map.of(), List.of())).isNull();
        assertThat(shellSetting(Map.of("bmo.slack.mode", "off"), List.of())).isNull();
        assertThatThrownBy(() -> shellSetting(Map.of("bmo.slack.mode", "smoke-signals"), List.of()))
                .hasMessageContaining("BMO_SLACK_MODE");
    }

    static String shellSetting(Map<String, String> props, List<String> args) {
        MockEnvironment env = new MockEnvironment();
        props.forEach(env::setProperty);
        new SlackShellSwitch(null, args.toArray(String[]::new)).environmentPrepared(null, env);
        return env.getProperty("bmo.shell.enabled");
    }

    @Test
    void theModeComesFromTheEnvironmentVariable() {
        // BMO_SLACK_MODE reaches bmo.slack.mode through Spring's system environment mapping
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new org.springframework.core.env.SystemEnvironmentPropertySource(
                "test-env", Map.of("BMO_SLACK_MODE", "http")));
        new SlackShellSwitch(null, new String[0]).environmentPrepared(null, env);
        assertThat(env.getProperty("bmo.shell.enabled")).isEqualTo("false");
    }
}

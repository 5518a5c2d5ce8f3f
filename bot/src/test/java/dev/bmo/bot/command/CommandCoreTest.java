package dev.bmo.bot.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bmo.bot.deploy.DeployPipeline;
import dev.bmo.bot.deploy.DeploySummary;
import dev.bmo.bot.history.DeployStatus;
import dev.bmo.bot.support.QuickStage;
import dev.bmo.bot.support.TestBot;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The core end to end with the real catalog and a quick pipeline (no Ansible): replies people read. */
class CommandCoreTest {

    private TestBot bot;
    private final Caller alice = new Caller("alice", Set.of());
    private final Caller root = new Caller("root", Set.of());

    @BeforeEach
    void start() throws Exception {
        bot = TestBot.onRealCatalog(new DeployPipeline(List.of(new QuickStage("build"), new QuickStage("deploy"))));
    }

    @AfterEach
    void stop() {
        bot.close();
    }

    @Test
    void helpListsTheCommandsAndWhereTheCallerMayDeploy() {
        Reply reply = bot.core.handle(alice, "help");
        assertThat(reply.ok()).isTrue();
        assertThat(reply.text()).contains("deploy[!] <service>[/<ref>] [to <env>[/<hosts>]]")
                .contains("alice may deploy, lock and roll back in: lab, local; not in: production, staging");
        assertThat(bot.core.handle(root, "help").text()).contains("production (with a second person's approval)");
        assertThat(bot.core.handle(alice, "help deploy").text()).contains("for example: deploy resizer");
        // the environment's words are said once in help, and with each command that takes an environment
        assertThat(reply.text()).contains("'to', 'in' and 'on' before <env> mean the same.");
        assertThat(bot.core.handle(alice, "help lock").text()).contains("lock <service> in <env>")
                .contains("'to', 'in' and 'on' before <env> mean the same.");
        assertThat(bot.core.handle(alice, "help locks").text()).doesNotContain("'on'");
    }

    @Test
    void anUnknownCommandSaysSoAndPointsToHelp() {
        Reply reply = bot.core.handle(alice, "bmo fly to the moon");
        assertThat(reply.ok()).isFalse();
        assertThat(reply.text()).contains("I don't know the command 'fly'").contains("help");
    }

    @Test
    void aMalformedDeploySaysWhatWasUnderstoodAndTheRightForm() {
        Reply reply = bot.core.handle(alice, "deploy resizer to");
        assertThat(reply.ok()).isFalse();
        assertThat(reply.text()).contains("'to' needs an environment").contains("I understood: deploy resizer")
                .contains("The form is: deploy[!] <service>");
    }

    @Test
    void theCatalogDecidesWhatExistsAndWhoMayDeploy() {
        assertThat(bot.core.handle(alice, "deploy thumbnailer").text()).contains("no service 'thumbnailer'")
                .contains("resizer");
        assertThat(bot.core.handle(alice, "deploy resizer to moon").text()).contains("no environment 'moon'");
        Reply refused = bot.core.handle(alice, "deploy resizer to production");
        assertThat(refused.ok()).isFalse();
        assertThat(refused.text()).contains("alice may not deploy to production");
        assertThat(bot.history.list("resizer", null, 10)).as("refused before anything is recorded").isEmpty();
        assertThat(bot.audit.recent(5)).anySatisfy(e -> assertThat(e.action()).isEqualTo("refused"));
        assertThat(bot.core.handle(alice, "deploy resizer to local/media-1").text())
                .contains("None of media-1 runs resizer");
        assertThat(bot.core.handle(alice, "deploy resizer to local/resizer-9").text())
                .contains("'resizer-9' is neither a host nor a group");
    }

    @Test
    void aDeployRunsAndHistoryLogsAndSearchShowIt() throws Exception {
        Reply reply = bot.core.handle(alice, "deploy resizer/main to local/resizer-1,resizer-2");
        assertThat(reply.ok()).isTrue();
        DeploySummary summary = reply.deploy().done().get(30, TimeUnit.SECONDS);
        assertThat(summary.status()).isEqualTo(DeployStatus.SUCCEEDED);

        String history = bot.core.handle(alice, "deploys resizer").text();
        assertThat(history).contains("#" + summary.deployId()).contains("alice").contains("succeeded")
                .contains("local/resizer-1,resizer-2");
        String log = bot.core.handle(alice, "logs " + summary.deployId()).text();
        assertThat(log).contains("[build] passed").contains("build says hello to resizer").contains("SUCCEEDED");
        assertThat(bot.core.handle(alice, "logs search HELLO in resizer since today").text())
                .contains("#" + summary.deployId()).contains("says hello");
        assertThat(bot.core.handle(alice, "logs search hello in media").text()).contains("No deploy log holds");
        assertThat(bot.core.handle(alice, "logs 999").ok()).isFalse();
    }

    @Test
    void locksShowWhoWhyAndUntilWhenAndBlockOthers() {
        assertThat(bot.core.handle(root, "lock resizer in local for 2h cache migration").text())
                .contains("Locked resizer in local until").contains("cache migration");
        String locks = bot.core.handle(alice, "locks").text();
        assertThat(locks).contains("resizer").contains("root").contains("cache migration").contains("UTC");
        Reply blocked = bot.core.handle(alice, "deploy resizer");
        assertThat(blocked.ok()).isFalse();
        assertThat(blocked.text()).contains("refused").contains("locked by root").contains("cache migration");
        assertThat(bot.core.handle(alice, "wcid resizer").text()).contains("locked by root")
                .contains("not now (locked)").contains("no (@sre, @platform)");
        assertThat(bot.core.handle(alice, "unlock resizer in production").ok()).isFalse();
        assertThat(bot.core.handle(alice, "unlock resizer in local").text()).contains("it was root's");
        assertThat(bot.core.handle(alice, "locks").text()).isEqualTo("No locks.");
    }

    @Test
    void statusAndMetricsAnswerClearlyUntilTheirFeatureIsPluggedIn() {
        // the application plugs the fleet's commands in; a core without them must still say what is missing
        java.time.Clock clock = java.time.Clock.systemUTC();
        CommandCore bare = new CommandCore(new Grammar(clock), new DeployCommands(bot.deploys),
                new HistoryCommands(bot.history, bot.catalog),
                new LockCommands(bot.locks, bot.catalog, bot.history, bot.audit, clock), new HelpCommand(bot.catalog),
                List.of());
        Reply status = bare.handle(alice, "status resizer");
        assertThat(status.ok()).isFalse();
        assertThat(status.text()).contains("status");
    }
}

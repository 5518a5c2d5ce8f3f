package dev.bmo.bot.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GrammarTest {

    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private final Grammar grammar = new Grammar(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void deployInAllItsForms() {
        assertThat(grammar.parse("deploy resizer"))
                .isEqualTo(new Command.Deploy(false, "resizer", null, null, List.of(), false));
        assertThat(grammar.parse("bmo deploy! resizer/feature/cache-v2 to production/resizer-1,resizer-2 queue"))
                .isEqualTo(new Command.Deploy(true, "resizer", "feature/cache-v2", "production",
                        List.of("resizer-1", "resizer-2"), true));
        assertThat(grammar.parse("  DEPLOY   Resizer/v1.2.3   TO   Local  "))
                .isEqualTo(new Command.Deploy(false, "resizer", "v1.2.3", "local", List.of(), false));
        assertThat(grammar.parse("deploy media/4f2a9c1 to staging/media-1.staging.photos.internal"))
                .isEqualTo(new Command.Deploy(false, "media", "4f2a9c1", "staging",
                        List.of("media-1.staging.photos.internal"), false));
    }

    @Test
    void theOtherCommands() {
        assertThat(grammar.parse("rollback resizer in production")).isEqualTo(
                new Command.Rollback("resizer", "production"));
        // a deploy id after rollback (or continue) answers a rollout paused by its canary analysis
        assertThat(grammar.parse("rollback #42")).isEqualTo(new Command.Decide(42, true));
        assertThat(grammar.parse("continue 42")).isEqualTo(new Command.Decide(42, false));
        assertThatThrownBy(() -> grammar.parse("continue resizer")).hasMessageContaining("not a deploy id");
        assertThatThrownBy(() -> grammar.parse("rollback 42 now")).isInstanceOf(CommandSyntaxException.class);
        assertThat(grammar.parse("deploys media")).isEqualTo(new Command.Deploys("media", null));
        assertThat(grammar.parse("logs #42")).isEqualTo(new Command.Logs(42));
        assertThat(grammar.parse("logs search Connection refused in resizer since 7d")).isEqualTo(
                new Command.LogSearch(List.of("Connection", "refused"), "resizer", NOW.minus(Duration.ofDays(7))));
        assertThat(grammar.parse("logs search 18182 since 2026-03-01")).isEqualTo(
                new Command.LogSearch(List.of("18182"), null, Instant.parse("2026-03-01T00:00:00Z")));
        assertThat(grammar.parse("logs search x since yesterday")).isEqualTo(
                new Command.LogSearch(List.of("x"), null, Instant.parse("2026-03-09T00:00:00Z")));
        assertThat(grammar.parse("lock resizer in production for 2h cache migration, ask bob")).isEqualTo(
                new Command.Lock("resizer", "production", Duration.ofHours(2), "cache migration, ask bob"));
        assertThat(grammar.parse("lock resizer in production for the night")).as("'for' not followed by a duration"
                + " is part of the reason").isEqualTo(new Command.Lock("resizer", "production", null,
                "for the night"));
        assertThat(grammar.parse("unlock resizer in production")).isEqualTo(
                new Command.Unlock("resizer", "production"));
        assertThat(grammar.parse("locks")).isEqualTo(new Command.Locks());
        assertThat(grammar.parse("wcid converter")).isEqualTo(new Command.Wcid("converter"));
        assertThat(grammar.parse("approve 7")).isEqualTo(new Command.Approve(7));
        assertThat(grammar.parse("reject #7 not during the sale")).isEqualTo(
                new Command.Reject(7, "not during the sale"));
        assertThat(grammar.parse("cancel 7")).isEqualTo(new Command.Cancel(7));
        assertThat(grammar.parse("status")).isEqualTo(new Command.Status(null, null));
        assertThat(grammar.parse("status in staging")).isEqualTo(new Command.Status(null, "staging"));
        assertThat(grammar.parse("metrics resizer in local")).isEqualTo(new Command.Metrics("resizer", "local"));
        assertThat(grammar.parse("help deploy!")).isEqualTo(new Command.Help("deploy"));
        assertThat(grammar.parse("")).isEqualTo(new Command.Help(null));
    }

    @Test
    void journalInAllItsForms() {
        assertThat(grammar.parse("journal resizer")).isEqualTo(
                new Command.Journal("resizer", null, List.of(), Duration.ofMinutes(10), "info", List.of()));
        assertThat(grammar.parse("journal resizer in production last 10m level warn grep timeout")).isEqualTo(
                new Command.Journal("resizer", "production", List.of(), Duration.ofMinutes(10), "warn",
                        List.of("timeout")));
        // the options in any order; grep takes the rest of the line, keywords included
        assertThat(grammar.parse("bmo JOURNAL Media LEVEL Error last 2h in staging/media-1,media-2 grep in S3 level"))
                .isEqualTo(new Command.Journal("media", "staging", List.of("media-1", "media-2"), Duration.ofHours(2),
                        "error", List.of("in", "S3", "level")));
        assertThat(grammar.parse("journal converter last 90s level warning")).isEqualTo(
                new Command.Journal("converter", null, List.of(), Duration.ofSeconds(90), "warn", List.of()));
        assertThat(grammar.parse("journal converter last 1d level trace")).isEqualTo(
                new Command.Journal("converter", null, List.of(), Duration.ofDays(1), "trace", List.of()));
        assertThat(Grammar.form("journal").orElseThrow().usage())
                .isEqualTo("journal <service> [in <env>[/<hosts>]] [last <duration>] [level <level>] [grep <words>]");
    }

    @Test
    void aMalformedJournalSaysWhatIsWrongAndTheForm() {
        assertThatThrownBy(() -> grammar.parse("journal")).hasMessageContaining("Name a service");
        assertThatThrownBy(() -> grammar.parse("journal resizer production"))
                .isInstanceOfSatisfying(CommandSyntaxException.class, e -> {
                    assertThat(e.getMessage()).contains("I did not expect 'production' there").contains("'in <env>'");
                    assertThat(e.understood()).isEqualTo("journal of resizer");
                    assertThat(e.explain()).contains("The form is: journal <service> [in <env>[/<hosts>]]")
                            .contains("For example: journal resizer in production last 10m level warn grep timeout");
                });
        assertThatThrownBy(() -> grammar.parse("journal resizer in")).hasMessageContaining("'in' needs an environment");
        assertThatThrownBy(() -> grammar.parse("journal resizer last")).hasMessageContaining("'last' needs a duration");
        assertThatThrownBy(() -> grammar.parse("journal resizer last 10")).hasMessageContaining("'10' is not a duration");
        assertThatThrownBy(() -> grammar.parse("journal resizer last 25h"))
                .hasMessageContaining("At most 24h back");
        assertThatThrownBy(() -> grammar.parse("journal resizer last 2d")).hasMessageContaining("At most 24h back");
        assertThatThrownBy(() -> grammar.parse("journal resizer level"))
                .hasMessageContaining("'level' needs a level after it: trace, debug, info, warn, error");
        assertThatThrownBy(() -> grammar.parse("journal resizer in local level loud"))
                .isInstanceOfSatisfying(CommandSyntaxException.class, e -> {
                    assertThat(e.getMessage()).contains("'loud' is not a level");
                    assertThat(e.understood()).isEqualTo("journal of resizer in local");
                });
        assertThatThrownBy(() -> grammar.parse("journal resizer grep")).hasMessageContaining("grep for what?");
        assertThatThrownBy(() -> grammar.parse("journal resizer last 5m last 10m"))
                .hasMessageContaining("'last' may come only once");
        assertThatThrownBy(() -> grammar.parse("journal resizer in local in staging"))
                .hasMessageContaining("'in' may come only once");
        assertThatThrownBy(() -> grammar.parse("journal resizer grep a b c d e f g h i"))
                .hasMessageContaining("At most 8 words");
    }

    @Test
    void everyFormHasAUsageSummaryAndAnExampleThatParses() {
        for (Grammar.Form f : Grammar.FORMS) {
            assertThat(f.usage()).startsWith(f.name());
            assertThat(f.summary()).isNotBlank();
            grammar.parse(f.example());
        }
    }

    /** The usage lines are printed from the rows' pieces: the same lines as when they were written by hand. */
    @Test
    void theUsageLinesComeFromTheRows() {
        assertThat(Grammar.FORMS.stream().map(Grammar.Form::usage)).containsExactly(
                "deploy[!] <service>[/<ref>] [to <env>[/<hosts>]] [queue]",
                "rollback <service> [in <env>] | rollback <deploy-id>",
                "continue <deploy-id>",
                "deploys <service> [in <env>]",
                "logs <deploy-id> | logs search <words> [in <service>] [since <date>]",
                "lock <service> in <env> [for <duration>] [reason]",
                "unlock <service> in <env>",
                "locks",
                "wcid <service>",
                "approve <deploy-id>",
                "reject <deploy-id> [reason]",
                "cancel <deploy-id>",
                "status [<service>] [in <env>]",
                "metrics <service> [in <env>]",
                "journal <service> [in <env>[/<hosts>]] [last <duration>] [level <level>] [grep <words>]",
                "help [<command>]");
        assertThat(Grammar.form("history")).containsSame(Grammar.form("deploys").orElseThrow());
        assertThat(grammar.parse("history media")).isEqualTo(new Command.Deploys("media", null));
        assertThat(grammar.parse("log 42")).isEqualTo(new Command.Logs(42));
        assertThat(grammar.parse("? lock")).isEqualTo(new Command.Help("lock"));
        assertThat(grammar.parse("help history")).isEqualTo(new Command.Help("deploys"));
        assertThatThrownBy(() -> grammar.parse("lock! resizer in local"))
                .hasMessageContaining("I don't know the command 'lock!'");
    }

    /** bot/README.md's grammar section lists every way to write every verb, as the rows print them. */
    @Test
    void theReadmeListsEveryForm() throws Exception {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("README.md"));
        String block = readme.substring(readme.indexOf("```"), readme.indexOf("```", readme.indexOf("```") + 3));
        for (Grammar.Form f : Grammar.FORMS) {
            for (String way : f.usage().split(" \\| ")) {
                assertThat(block).as("README's grammar block lists " + way).contains(way);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"to", "in", "on", "TO", "On"})
    void everyVerbThatTakesAnEnvironmentTakesToInOrOn(String word) {
        assertThat(grammar.parse("deploy resizer/main " + word + " production/resizer-1 queue")).isEqualTo(
                new Command.Deploy(false, "resizer", "main", "production", List.of("resizer-1"), true));
        assertThat(grammar.parse("rollback resizer " + word + " production"))
                .isEqualTo(new Command.Rollback("resizer", "production"));
        assertThat(grammar.parse("deploys resizer " + word + " staging"))
                .isEqualTo(new Command.Deploys("resizer", "staging"));
        assertThat(grammar.parse("lock resizer " + word + " production for 2h cache migration")).isEqualTo(
                new Command.Lock("resizer", "production", Duration.ofHours(2), "cache migration"));
        assertThat(grammar.parse("unlock resizer " + word + " production"))
                .isEqualTo(new Command.Unlock("resizer", "production"));
        assertThat(grammar.parse("status " + word + " staging")).isEqualTo(new Command.Status(null, "staging"));
        assertThat(grammar.parse("status resizer " + word + " staging"))
                .isEqualTo(new Command.Status("resizer", "staging"));
        assertThat(grammar.parse("metrics resizer " + word + " local"))
                .isEqualTo(new Command.Metrics("resizer", "local"));
        assertThat(grammar.parse("journal resizer level warn " + word + " staging/media-1 last 2h")).isEqualTo(
                new Command.Journal("resizer", "staging", List.of("media-1"), Duration.ofHours(2), "warn", List.of()));
        // every form that takes an environment says so in help
        assertThat(Grammar.FORMS.stream().filter(Grammar.Form::takesEnvironment).map(Grammar.Form::name))
                .containsExactly("deploy", "rollback", "deploys", "lock", "unlock", "status", "metrics", "journal");
    }

    @Test
    void toInAndOnAreUnderstoodAsTheFormsOwnWordAndStayWordsElsewhere() {
        // echoed as the form shows it
        assertThatThrownBy(() -> grammar.parse("deploy resizer on local now"))
                .isInstanceOfSatisfying(CommandSyntaxException.class, e -> {
                    assertThat(e.getMessage()).contains("I did not expect 'now' there");
                    assertThat(e.understood()).isEqualTo("deploy resizer to local");
                });
        assertThatThrownBy(() -> grammar.parse("deploy resizer on"))
                .hasMessageContaining("'on' needs an environment after it");
        assertThatThrownBy(() -> grammar.parse("unlock resizer at production"))
                .hasMessageContaining("Say where: 'in <env>'");
        assertThatThrownBy(() -> grammar.parse("journal resizer in local on staging"))
                .hasMessageContaining("'on' may come only once ('in', 'to' and 'on' mean the same)");
        // the service of a search follows 'in' only: 'to' and 'on' are words to search for
        assertThat(grammar.parse("logs search failed to start on boot in resizer")).isEqualTo(
                new Command.LogSearch(List.of("failed", "to", "start", "on", "boot"), "resizer", null));
        // a lock's reason may start with any of them, once the environment is said
        assertThat(grammar.parse("lock resizer on production to finish the migration in peace")).isEqualTo(
                new Command.Lock("resizer", "production", null, "to finish the migration in peace"));
        assertThat(grammar.parse("reject 7 in production not now")).isEqualTo(
                new Command.Reject(7, "in production not now"));
    }

    @Test
    void whatWasUnderstoodIsEchoedInTheFormsWords() {
        assertThat(understood("deploy! resizer/main to local/resizer-1 queue now"))
                .isEqualTo("deploy! resizer at main to local on resizer-1 queue");
        assertThat(understood("deploy resizer/main to local/-x")).isEqualTo("deploy resizer at main to local");
        assertThat(understood("rollback #42 now")).isEqualTo("rollback #42");
        assertThat(understood("deploys resizer in staging now")).isEqualTo("deploys of resizer in staging");
        assertThat(understood("logs 42 now")).isEqualTo("logs of #42");
        assertThat(understood("logs search a b in resizer since 7d now"))
                .isEqualTo("logs search a b in resizer since 7d");
        assertThat(understood("lock resizer on local for 99d")).isEqualTo("lock resizer in local");
        assertThat(understood("journal resizer in local last 2h level warn level")).isEqualTo(
                "journal of resizer in local last 2h level warn");
        assertThat(understood("journal resizer grep")).isEqualTo("journal of resizer");
        assertThat(understood("metrics")).isEqualTo("metrics");
    }

    private String understood(String input) {
        try {
            grammar.parse(input);
        } catch (CommandSyntaxException e) {
            return e.understood();
        }
        throw new AssertionError("parsed: " + input);
    }

    @Test
    void aMalformedCommandSaysWhatWasUnderstoodAndTheRightForm() {
        assertThatThrownBy(() -> grammar.parse("deploy")).hasMessageContaining("Deploy what? Name a service.");
        assertThatThrownBy(() -> grammar.parse("deploy resizer to"))
                .isInstanceOfSatisfying(CommandSyntaxException.class, e -> {
                    assertThat(e.getMessage()).contains("'to' needs an environment");
                    assertThat(e.understood()).isEqualTo("deploy resizer");
                    assertThat(e.explain()).contains("The form is: deploy[!] <service>[/<ref>]")
                            .contains("For example: deploy resizer/main");
                });
        assertThatThrownBy(() -> grammar.parse("deploy resizer to local now please"))
                .isInstanceOfSatisfying(CommandSyntaxException.class, e -> {
                    assertThat(e.getMessage()).contains("I did not expect 'now' there");
                    assertThat(e.understood()).isEqualTo("deploy resizer to local");
                });
        assertThatThrownBy(() -> grammar.parse("lock resizer")).hasMessageContaining("Say where: 'in <env>'");
        assertThatThrownBy(() -> grammar.parse("logs abc")).hasMessageContaining("not a deploy id");
        assertThatThrownBy(() -> grammar.parse("logs search")).hasMessageContaining("Search for what");
        assertThatThrownBy(() -> grammar.parse("logs search x since someday")).hasMessageContaining("not a date");
        assertThatThrownBy(() -> grammar.parse("lock resizer in local for 9d")).hasMessageContaining("at most 7 days");
        assertThatThrownBy(() -> grammar.parse("help fly")).hasMessageContaining("no command 'fly'");
    }

    /** Each of these must be refused by the grammar itself, before any catalog lookup or process. */
    @ParameterizedTest
    @ValueSource(strings = {
        "deploy resizer/main;rm -rf /",
        "deploy resizer/$(reboot)",
        "deploy resizer/`id`",
        "deploy resizer/main|cat /etc/passwd",
        "deploy resizer/main&&true",
        "deploy resizer/../../etc/passwd",
        "deploy resizer/main/../../x",
        "deploy resizer/--upload-pack=touch /tmp/pwned",
        "deploy resizer/-n",
        "deploy resizer/.hidden",
        "deploy resizer/main.lock",
        "deploy resizer/a//b",
        "deploy resizer/main@{1}",
        "deploy resizer/HEAD~1",
        "deploy resizer/main^",
        "deploy resizer/ma:in",
        "deploy resizer/",
        "deploy re$izer",
        "deploy ../resizer",
        "deploy resizer to prod;uction",
        "deploy resizer to local/resizer-1;id",
        "deploy resizer to local/*",
        "deploy resizer to local/all:!resizer-1",
        "deploy resizer to local/-e@/etc/shadow",
        "deploy resizer to local/",
        "deploy resizer to local/a,,b",
        "wcid resizer'",
        "lock resizer in local\u0000x",
        "deploy resizer\u001b[2J",
        "logs search %' OR 1=1 --",
        "logs 1;2",
        "rollback resizer in local; drop table deploys",
        "journal resizer grep $(reboot)",
        "journal resizer grep timeout;id",
        "journal resizer grep `id`",
        "journal resizer grep a|b",
        "journal resizer in local/resizer-1;id",
        "journal resizer in local/*",
        "journal resizer level warn'",
        "journal re$izer",
        "journal resizer last 10m;",
        // to, in and on are read alike: each is checked alike
        "deploy resizer on local/*",
        "deploy resizer in prod;uction",
        "deploy resizer/main in local/-e@/etc/shadow",
        "lock resizer on prod;uction",
        "unlock resizer to local$(id)",
        "status to ../local",
        "journal resizer on local/resizer-1;id",
        "journal resizer to local/*"})
    void hostileInputIsRefused(String input) {
        assertThatThrownBy(() -> grammar.parse(input)).isInstanceOf(CommandSyntaxException.class)
                .satisfies(e -> assertThat(((CommandSyntaxException) e).explain()).doesNotContain("\u0000")
                        .doesNotContain("\u001b"));
    }

    @Test
    void overLongInputIsRefusedWithItsLength() {
        String longRef = "deploy resizer/" + "a".repeat(101);
        assertThatThrownBy(() -> grammar.parse(longRef)).hasMessageContaining("not a ref I accept");
        String huge = "deploy resizer " + "x".repeat(10_000);
        assertThatThrownBy(() -> grammar.parse(huge)).hasMessageContaining("too long: 10015 characters (at most 500)");
        String manyHosts = "deploy resizer to local/" + String.join(",", java.util.Collections.nCopies(21, "h"));
        assertThatThrownBy(() -> grammar.parse(manyHosts)).hasMessageContaining("At most 20 hosts");
    }

    @Test
    void anEchoedBadTokenIsCutShort() {
        assertThatThrownBy(() -> grammar.parse("deploy " + "Z".repeat(300)))
                .satisfies(e -> assertThat(e.getMessage()).contains("Z".repeat(40) + "...")
                        .doesNotContain("Z".repeat(41)));
    }
}

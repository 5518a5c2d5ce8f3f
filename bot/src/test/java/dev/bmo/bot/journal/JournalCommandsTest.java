package dev.bmo.bot.journal;

import static dev.bmo.bot.journal.JournalFixture.NOW;
import static dev.bmo.bot.journal.JournalFixture.ecs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bmo.bot.command.Caller;
import dev.bmo.bot.command.Reply;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code journal} through the real command core against simulated hosts laid out as the deploy playbook leaves
 * them: which lines, in which order, how many, what the reply and its file say, and that secrets never show.
 */
@Tag("slow") // ansible-inventory for every case: ./test --fast leaves it out
class JournalCommandsTest {

    private final Caller anyone = new Caller("mallory", Set.of());
    private JournalFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new JournalFixture();
    }

    @AfterEach
    void tearDown() throws Exception {
        f.close();
    }

    private Reply ask(String command) {
        return f.bot.core.handle(anyone, command);
    }

    @Test
    void theWindowsLinesOfEveryHostInOneTableNewestLast() throws Exception {
        f.write("resizer-1", ecs(900, "INFO", "too old: fifteen minutes ago"), ecs(300, "INFO", "r1 five minutes ago"),
                ecs(10, "DEBUG", "r1 debug detail"), ecs(5, "WARN", "r1 slow render"));
        f.write("resizer-2", ecs(400, "INFO", "r2 started"), ecs(60, "ERROR", "r2 S3 refused"));
        f.write("resizer-3", "plain text the old way, no time", ecs(120, "INFO", "r3 cache warm"));
        Reply r = ask("journal resizer");
        assertThat(r.ok()).as(r.text()).isTrue();
        assertThat(r.file()).as("everything fits: no file").isNull();
        assertThat(r.text()).startsWith("resizer in local (last 10m, info and above): 6 lines from 3 hosts. Times UTC.")
                .doesNotContain("too old").doesNotContain("r1 debug detail");
        List<String> rows = r.text().lines().skip(3).toList();
        assertThat(rows).containsExactly(
                "17:53:20.000  resizer-2  INFO   r2 started",
                "17:55:00.000  resizer-1  INFO   r1 five minutes ago",
                "17:58:00.000  resizer-3  ?      plain text the old way, no time",
                "17:58:00.000  resizer-3  INFO   r3 cache warm",
                "17:59:00.000  resizer-2  ERROR  r2 S3 refused",
                "17:59:55.000  resizer-1  WARN   r1 slow render");
        assertThat(r.text().lines().toList().get(1)).isEqualTo("time          host       level  message");
    }

    @Test
    void levelAndWordsAreAppliedInBmoAndTheWindowIsAsAsked() throws Exception {
        f.write("resizer-1", ecs(3000, "WARN", "Timeout reading originals/a (50 min ago)"),
                ecs(300, "WARN", "TIMEOUT reading originals/b"), ecs(200, "INFO", "timeout is only info"),
                ecs(100, "ERROR", "render failed"), "an unknown line with timeout in it");
        f.write("resizer-2", ecs(50, "ERROR", "S3 timeout on originals/c"));
        Reply r = ask("journal resizer level warn grep timeout");
        assertThat(r.text()).contains("(last 10m, warn and above, holding 'timeout'): 2 lines from 2 hosts of 3")
                .contains("TIMEOUT reading originals/b").contains("S3 timeout on originals/c")
                .doesNotContain("50 min ago").doesNotContain("only info").doesNotContain("render failed")
                .doesNotContain("unknown line");
        assertThat(ask("journal resizer last 1h level warn grep timeout originals/a").text())
                .contains("1 line from 2 hosts of 3").contains("Timeout reading originals/a (50 min ago)");
        assertThat(ask("journal resizer in local/resizer-2 level error").text())
                .startsWith("resizer in local on resizer-2 (last 10m, error and above): 1 line from 1 host")
                .contains("S3 timeout").doesNotContain("resizer-1");
        Reply none = ask("journal resizer level error grep nothing-like-this");
        assertThat(none.ok()).as("a host without a log file").isFalse();
        assertThat(none.text()).isEqualTo("No lines of resizer in local (last 10m, error and above, holding"
                + " 'nothing-like-this'); 5 lines of the window read from 2 hosts of 3.\n"
                + "resizer-3: no log file " + f.log("resizer-3") + " (never deployed there?)");
    }

    @Test
    void aLongAnswerShowsTheNewestFortyAndAttachesEveryLine() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 100; i >= 1; i--) {
            lines.add(ecs(i * 5L, i % 10 == 0 ? "WARN" : "INFO", "request " + (101 - i)));
        }
        lines.add(ecs(1, "ERROR", "render crashed"));
        lines.add("java.lang.IllegalStateException: vips said no");
        lines.add("\tat dev.bmo.resizer.Render.run(Render.java:77)");
        f.write("resizer-1", lines.toArray(String[]::new));
        Reply r = ask("journal resizer");
        assertThat(r.text()).startsWith("resizer in local (last 10m, info and above): 101 lines from 1 host of 3; the"
                + " newest 40 below, all of them in the attached file. Times UTC.");
        List<String> rows = r.text().lines().filter(l -> l.contains("resizer-1  ")).toList();
        assertThat(rows).hasSize(40);
        assertThat(rows.get(0)).endsWith("request 62");
        assertThat(rows.get(39)).endsWith("ERROR  render crashed (+2 lines)");
        Reply.Attachment file = r.file();
        assertThat(file).isNotNull();
        assertThat(file.filename()).isEqualTo("bmo-journal-resizer-local-20261201T180000Z.log");
        assertThat(file.title()).startsWith("journal resizer in local (last 10m, info and above): 101 lines");
        assertThat(file.content()).contains("request 1\n").contains("request 100\n")
                .contains("2026-12-01T17:51:40.000Z  resizer-1  WARN   dev.bmo.resizer.Render : request 1\n")
                .contains("ERROR  dev.bmo.resizer.Render : render crashed\n"
                        + "    java.lang.IllegalStateException: vips said no\n"
                        + "    \tat dev.bmo.resizer.Render.run(Render.java:77)\n")
                .contains("resizer-3: no log file");
        assertThat(file.content().lines().filter(l -> l.startsWith("2026-")).count()).isEqualTo(101);
    }

    @Test
    void atMostTwoThousandLinesAreReadPerHostTheNewest() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 2500; i >= 1; i--) {
            lines.add(ecs(NOW.minusMillis(i * 200L), "INFO", "line " + (2501 - i)));
        }
        f.write("resizer-2", lines.toArray(String[]::new));
        Reply r = ask("journal resizer");
        assertThat(r.text()).contains("2000 lines from 1 host of 3")
                .contains("resizer-2: only the newest 2000 lines of the window were read");
        assertThat(r.file().content()).contains("line 501\n").doesNotContain("line 500\n").contains("line 2500\n");
    }

    @Test
    void secretsNeverShowEvenWhenALineCarriesThem() throws Exception {
        f.write("resizer-1", ecs(30, "WARN", "careless: signing with " + JournalFixture.URL_SECRET),
                ecs(20, "INFO", "token " + JournalFixture.TOKEN + " and " + JournalFixture.LAB_SECRET),
                ecs(10, "ERROR", "amqp://bmo:" + JournalFixture.RABBIT_PASSWORD + "@127.0.0.1:5672/ refused"));
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            many.add(ecs(200 - i, "INFO", "filler " + i + " " + JournalFixture.URL_SECRET));
        }
        f.write("resizer-2", many.toArray(String[]::new));
        Reply r = ask("journal resizer");
        String everything = r.text() + "\n" + r.file().title() + "\n" + r.file().content();
        for (String secret : List.of(JournalFixture.URL_SECRET, JournalFixture.TOKEN, JournalFixture.LAB_SECRET,
                JournalFixture.RABBIT_PASSWORD)) {
            assertThat(everything).doesNotContain(secret);
        }
        assertThat(r.text()).contains("careless: signing with [redacted]")
                .contains("amqp://bmo:[redacted]@127.0.0.1:5672/ refused");
        assertThat(r.file().content()).contains("token [redacted] and [redacted]");
        // grep cannot find a secret either: it looks at the lines as shown
        assertThat(ask("journal resizer grep " + JournalFixture.URL_SECRET).text()).startsWith("No lines");
    }

    @Test
    void aHostThatCannotBeReadIsNamedAndTheOthersAreShown() throws Exception {
        f.write("resizer-1", ecs(30, "INFO", "r1 fine"));
        f.write("resizer-2", ecs(20, "INFO", "r2 fine"));
        Reply r = ask("journal resizer");
        assertThat(r.ok()).as("an answer with a host missing is not a full answer").isFalse();
        assertThat(r.text()).contains("2 lines from 2 hosts of 3")
                .contains("resizer-3: no log file " + f.log("resizer-3")).contains("r1 fine").contains("r2 fine");
    }

    @Test
    void aRealHostNobodyAnswersForIsSaidPlainly() {
        Reply r = ask("journal resizer in far");
        assertThat(r.ok()).isFalse();
        assertThat(r.text()).startsWith("Could not read the log of resizer in far on any host:\nfar-resizer-1: unreachable:")
                .contains("port " + f.closedPort).contains("Connection refused");
    }

    @Test
    void untimedLinesAreAsOldAsTheirFile() throws Exception {
        f.write("resizer-1", "a line the old way");
        Files.setLastModifiedTime(f.log("resizer-1"), FileTime.from(NOW.minusSeconds(3600)));
        assertThat(ask("journal resizer").text()).startsWith("No lines");
        assertThat(ask("journal resizer last 2h").text()).contains("a line the old way");
    }

    @Test
    void whatTheCatalogDoesNotKnowIsRefusedWithWhatItKnows() {
        assertThat(ask("journal thumbs").text()).isEqualTo("I don't know the service 'thumbs'. Services: resizer.");
        assertThat(ask("journal resizer in moon").text()).startsWith("I don't know the environment 'moon'.");
        assertThat(ask("journal resizer in local/resizer-9").text())
                .contains("'resizer-9' is neither a host nor a group of local");
        assertThat(ask("journal resizer last 2d").text()).contains("At most 24h back");
    }
}

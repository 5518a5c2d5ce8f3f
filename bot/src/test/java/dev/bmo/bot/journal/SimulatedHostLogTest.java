package dev.bmo.bot.journal;

import static dev.bmo.bot.journal.JournalFixture.NOW;
import static dev.bmo.bot.journal.JournalFixture.ecs;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A simulated host's log file: only its tail is read, the window and the line bound applied, the cut said. */
class SimulatedHostLogTest {

    @TempDir
    Path hosts;

    private Path write(List<String> lines) throws Exception {
        Path file = Files.createDirectories(hosts.resolve("resizer-1/log")).resolve("bmo-resizer.log");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    @Test
    void onlyTheTailIsReadAndTheCutLineIsDropped() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            lines.add(ecs(1000 - i, "INFO", "line " + i));
        }
        Path file = write(lines);
        long size = Files.size(file);
        assertThat(size).isGreaterThan(100_000);
        HostLog log = new SimulatedHostLog(hosts, "bmo-resizer", 10_000).read("resizer-1", NOW.minusSeconds(3600), 2000);
        assertThat(log.problem()).isNull();
        // about 10 kB of ~300-byte lines; the first, cut in the middle, is dropped rather than misread
        assertThat(log.lines()).hasSizeBetween(25, 40);
        assertThat(log.lines()).allSatisfy(l -> assertThat(l.level()).isEqualTo(Level.INFO));
        assertThat(log.lines().get(log.lines().size() - 1).message()).isEqualTo("line 999");
        assertThat(log.limit()).isEqualTo("only the last 10000 bytes of its log file was read; older lines of the"
                + " window are not shown");
        // a window inside the tail needs no such note
        HostLog recent = new SimulatedHostLog(hosts, "bmo-resizer", 10_000).read("resizer-1", NOW.minusSeconds(10), 2000);
        assertThat(recent.lines()).extracting(LogLine::message).containsExactly("line 990", "line 991", "line 992",
                "line 993", "line 994", "line 995", "line 996", "line 997", "line 998", "line 999");
        assertThat(recent.limit()).isNull();
    }

    @Test
    void theNewestLinesOfTheWindowUpToTheBound() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            lines.add(ecs(50 - i, i % 2 == 0 ? "DEBUG" : "INFO", "line " + i));
        }
        write(lines);
        HostLog log = new SimulatedHostLog(hosts, "bmo-resizer", SimulatedHostLog.MAX_BYTES)
                .read("resizer-1", NOW.minusSeconds(30), 5);
        // the bound counts lines fetched (any level); level and words are applied afterwards
        assertThat(log.lines()).extracting(LogLine::message).containsExactly("line 45", "line 46", "line 47",
                "line 48", "line 49");
        assertThat(log.limit()).isEqualTo("only the newest 5 lines of the window were read");
    }

    @Test
    void aHostWithoutTheFileSaysWhere() {
        HostLog log = new SimulatedHostLog(hosts, "bmo-resizer", 1000).read("resizer-9", NOW, 10);
        assertThat(log.problem()).isEqualTo("no log file " + hosts.resolve("resizer-9/log/bmo-resizer.log")
                + " (never deployed there?)");
    }
}

package dev.bmo.bot.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bmo.bot.support.TestDatabase;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DeployHistoryTest {

    private static NewDeploy request(String key, String service) {
        return new NewDeploy(key, "deploy", service, "local", "", "main", "alice", false, false, "test", null);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void theSameRequestKeyRecordsOneDeploy(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            DeployHistory history = new DeployHistory(db.jdbc());
            DeployHistory.Recorded first = history.record(request("slack:Ev123", "resizer"));
            DeployHistory.Recorded again = history.record(request("slack:Ev123", "resizer"));
            assertThat(first.duplicate()).isFalse();
            assertThat(again.duplicate()).isTrue();
            assertThat(again.deploy().id()).isEqualTo(first.deploy().id());
            assertThat(history.record(request(null, "resizer")).duplicate()).isFalse();
            assertThat(history.record(request(null, "resizer")).duplicate()).as("no key, no deduplication").isFalse();
            assertThat(history.list("resizer", null, 10)).hasSize(3);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void transitionsOnlyHappenFromTheExpectedStates(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            DeployHistory history = new DeployHistory(db.jdbc());
            long id = history.record(request(null, "resizer")).deploy().id();
            assertThat(history.transition(id, EnumSet.of(DeployStatus.REQUESTED), DeployStatus.RUNNING, null)).isTrue();
            assertThat(history.find(id).orElseThrow().startedAt()).isNotNull();
            assertThat(history.transition(id, EnumSet.of(DeployStatus.REQUESTED), DeployStatus.RUNNING, null)).isFalse();
            assertThat(history.transition(id, EnumSet.of(DeployStatus.RUNNING), DeployStatus.FAILED, "verify failed"))
                    .isTrue();
            DeployRecord d = history.find(id).orElseThrow();
            assertThat(d.status()).isEqualTo(DeployStatus.FAILED);
            assertThat(d.detail()).isEqualTo("verify failed");
            assertThat(d.finishedAt()).isNotNull();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void logSearchFindsEveryWordCaseInsensitivelyAndTreatsWildcardsAsText(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            DeployHistory history = new DeployHistory(db.jdbc());
            long a = history.record(request(null, "resizer")).deploy().id();
            long b = history.record(request(null, "media")).deploy().id();
            history.appendLog(a, "#1 resizer-2: failed - Connection refused on port 18182");
            history.appendLog(a, "#1 [verify] passed");
            history.appendLog(b, "#2 media-1: ok 100% done");
            history.appendLog(b, "x".repeat(9000)); // longer than a row: split, not cut

            assertThat(history.search(List.of("connection", "REFUSED"), null, null, 10, 3))
                    .singleElement().satisfies(m -> {
                        assertThat(m.deploy().id()).isEqualTo(a);
                        assertThat(m.lines()).anyMatch(l -> l.contains("Connection refused"));
                    });
            assertThat(history.search(List.of("refused"), "media", null, 10, 3)).isEmpty();
            assertThat(history.search(List.of("100%"), null, null, 10, 3)).extracting(m -> m.deploy().id())
                    .containsExactly(b);
            assertThat(history.search(List.of("%"), null, null, 10, 3)).extracting(m -> m.deploy().id())
                    .as("'%' is a character, not a wildcard").containsExactly(b);
            assertThat(history.search(List.of("refused"), null, Instant.now().plusSeconds(60), 10, 3)).isEmpty();
            assertThat(String.join("", history.log(b).subList(1, history.log(b).size()))).hasSize(9000);
        }
    }
}

package dev.bmo.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which words a command asks Slack to search for: what the grammar reads as {@code logs search}. */
class SlackSearchTest {

    @Test
    void theWordsAreTheGrammarsWords() {
        assertThat(SlackSearch.searchWords("logs search failed resizer in resizer"))
                .containsExactly("failed", "resizer");
        assertThat(SlackSearch.searchWords("bmo LOGS Search Connection refused since 7d"))
                .containsExactly("Connection", "refused");
        assertThat(SlackSearch.searchWords("log search timeout")).containsExactly("timeout");
        assertThat(SlackSearch.searchWords("logs search failed to start on boot"))
                .containsExactly("failed", "to", "start", "on", "boot");
    }

    @Test
    void anyOtherCommandOrOneThatDoesNotParseSearchesNothing() {
        assertThat(SlackSearch.searchWords("logs 42")).isEmpty();
        assertThat(SlackSearch.searchWords("deploy resizer")).isEmpty();
        assertThat(SlackSearch.searchWords("logs search")).isEmpty();
        assertThat(SlackSearch.searchWords("logs search x since someday")).isEmpty();
        assertThat(SlackSearch.searchWords("logs search a;b")).isEmpty();
    }
}

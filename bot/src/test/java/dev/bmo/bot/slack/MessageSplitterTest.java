package dev.bmo.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MessageSplitterTest {

    @Test
    void shortTextIsOnePiece() {
        assertThat(MessageSplitter.split("hello\nworld", 100)).containsExactly("hello\nworld");
        assertThat(MessageSplitter.forSlack("hello", false)).containsExactly("hello");
    }

    @Test
    void piecesBreakAtLineEndsAndKeepEveryLine() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            text.append("line ").append(i).append(" of a long deploy log\n");
        }
        List<String> pieces = MessageSplitter.split(text.toString().strip(), 2800);
        assertThat(pieces).hasSizeGreaterThan(5).allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(2800));
        assertThat(String.join("\n", pieces)).isEqualTo(text.toString().strip());
    }

    @Test
    void aLineLongerThanAPieceIsCutAndContinuedNotDropped() {
        String huge = "x".repeat(7000);
        List<String> pieces = MessageSplitter.split("before\n" + huge + "\nafter", 3000);
        assertThat(pieces).allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(3000));
        assertThat(String.join("", pieces).replace("\n", "")).isEqualTo("before" + huge + "after");
    }

    @Test
    void surrogatePairsAreNeverSplit() {
        String emoji = "\uD83D\uDE80".repeat(10);
        for (String p : MessageSplitter.split(emoji, 5)) {
            assertThat(Character.isHighSurrogate(p.charAt(p.length() - 1))).isFalse();
        }
    }

    @Test
    void slackPiecesAreFencedNumberedAndUnderTheBlockLimit() {
        String text = "row\n".repeat(3000);
        List<String> pieces = MessageSplitter.forSlack(text, true);
        assertThat(pieces).hasSizeGreaterThan(1);
        for (int i = 0; i < pieces.size(); i++) {
            assertThat(pieces.get(i)).startsWith("```\n").contains("(part " + (i + 1) + "/" + pieces.size() + ")")
                    .hasSizeLessThan(MessageSplitter.BLOCK_LIMIT);
        }
        assertThatThrownBy(() -> MessageSplitter.split("x", 0)).isInstanceOf(IllegalArgumentException.class);
    }
}

package dev.bmo.bot.slack;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts long text into pieces that each fit one Slack section block (Slack refuses block text over
 * 3,000 characters; a message's text is cut by Slack past 40,000). Pieces break at line ends where
 * possible; a line longer than a piece is cut and continued in the next one, so nothing is ever
 * dropped: joining the pieces' lines gives back every character of the input.
 */
public final class MessageSplitter {

    /** Slack's limit for a section block's text. */
    public static final int BLOCK_LIMIT = 3000;
    /** What BMO puts into one block, leaving room for a code fence and a "part i/n" note. */
    public static final int PIECE = 2800;

    private MessageSplitter() {
    }

    /** Pieces of at most {@code max} characters, split at line ends when a line fits. */
    public static List<String> split(String text, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be positive");
        }
        List<String> pieces = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return pieces;
        }
        StringBuilder piece = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            // the newline that joins this line to the piece counts too
            int needed = (piece.isEmpty() ? 0 : 1) + line.length();
            if (piece.length() + needed <= max) {
                if (!piece.isEmpty()) {
                    piece.append('\n');
                }
                piece.append(line);
                continue;
            }
            if (!piece.isEmpty()) {
                pieces.add(piece.toString());
                piece.setLength(0);
            }
            String rest = line;
            while (rest.length() > max) {
                int cut = max;
                // never split a surrogate pair
                if (Character.isHighSurrogate(rest.charAt(cut - 1))) {
                    cut--;
                }
                pieces.add(rest.substring(0, cut));
                rest = rest.substring(cut);
            }
            piece.append(rest);
        }
        if (!piece.isEmpty()) {
            pieces.add(piece.toString());
        }
        return pieces;
    }

    /** Pieces for Slack: fenced as code when asked, numbered "(part i/n)" when there is more than one. */
    public static List<String> forSlack(String text, boolean code) {
        List<String> raw = split(text, PIECE);
        List<String> out = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            String body = code ? "```\n" + raw.get(i) + "\n```" : raw.get(i);
            out.add(raw.size() == 1 ? body : body + "\n_(part " + (i + 1) + "/" + raw.size() + ")_");
        }
        return out;
    }
}

package dev.bmo.bot.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.response.search.SearchMessagesResponse;
import com.slack.api.model.Channel;
import com.slack.api.model.MatchedItem;
import dev.bmo.bot.command.Command;
import dev.bmo.bot.command.CommandSyntaxException;
import dev.bmo.bot.command.Grammar;
import java.time.Clock;
import java.util.List;

/**
 * Slack's own message search ({@code search.messages}), which needs a user token with
 * {@code search:read}: {@code bmo logs search <words>} adds what Slack finds to what BMO's log
 * store finds.
 */
public final class SlackSearch {

    /** Reads which words were searched for; its clock only dates {@code since}, which is not used here. */
    private static final Grammar GRAMMAR = new Grammar(Clock.systemUTC());

    private final MethodsClient userMethods;
    private final int limit;

    public SlackSearch(MethodsClient userMethods, int limit) {
        this.userMethods = userMethods;
        this.limit = limit;
    }

    static boolean visibleIn(Channel c, String askedIn) {
        if (c == null) {
            return false;
        }
        if (c.getId() != null && c.getId().equals(askedIn)) {
            return true;
        }
        return c.isChannel() && !c.isPrivateChannel() && !c.isGroup() && !c.isIm() && !c.isMpim();
    }

    /**
     * The words of a {@code logs search} command, as {@link Grammar} reads them (up to its {@code in} and
     * {@code since}), or empty for any other command or one that does not parse.
     */
    static List<String> searchWords(String command) {
        try {
            return GRAMMAR.parse(command) instanceof Command.LogSearch search ? search.words() : List.of();
        } catch (CommandSyntaxException e) {
            return List.of();
        }
    }

    /**
     * A reply section listing Slack's matches, or a line that says why there is none. The user token
     * sees its owner's private channels and DMs too: only matches in public channels and in the
     * channel the search was asked from ({@code askedIn}) are shown, the others only counted.
     */
    public String search(List<String> words, String askedIn) {
        String query = String.join(" ", words);
        try {
            SearchMessagesResponse r = userMethods.searchMessages(b -> b.query(query).count(limit).sort("timestamp"));
            if (!r.isOk()) {
                return "Slack search failed: " + r.getError();
            }
            List<MatchedItem> all = r.getMessages() == null || r.getMessages().getMatches() == null
                    ? List.of() : r.getMessages().getMatches();
            List<MatchedItem> matches = all.stream().filter(m -> visibleIn(m.getChannel(), askedIn)).toList();
            int hidden = all.size() - matches.size();
            String note = hidden == 0 ? "" : "\n(" + hidden + " more in private channels or direct messages, not shown"
                    + " here)";
            if (matches.isEmpty()) {
                return "Slack search: no messages match \"" + query + "\" here or in public channels." + note;
            }
            StringBuilder out = new StringBuilder("Slack search (\"" + query + "\", "
                    + r.getMessages().getTotal() + " found):");
            for (MatchedItem m : matches.subList(0, Math.min(limit, matches.size()))) {
                String channel = m.getChannel() == null ? "?" : m.getChannel().getName();
                // Slack's own markup of someone's message: shown as text, so a mention in it pings nobody again
                String text = m.getText() == null ? "" : SlackText.escape(SlackText.unescape(m.getText()))
                        .replace('\n', ' ');
                if (text.length() > 200) {
                    text = text.substring(0, 200) + "… (see the link)";
                }
                out.append("\n• #").append(channel).append(": ").append(text).append(" <").append(m.getPermalink())
                        .append("|open>");
            }
            return out.append(note).toString();
        } catch (Exception e) {
            return "Slack search failed: " + e.getMessage();
        }
    }
}

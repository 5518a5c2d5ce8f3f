package dev.bmo.bot.slack;

/**
 * Slack's escaping of message text: {@code &}, {@code <} and {@code >} become entities, so text
 * from anyone (a commit subject, an author's name) is shown as written and can never become a
 * mention ({@code <!channel>}), a link or a user reference.
 */
final class SlackText {

    private SlackText() {
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Text as Slack delivers it (a typed {@code <} arrives as {@code &lt;}) back to what was typed. */
    static String unescape(String text) {
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }
}

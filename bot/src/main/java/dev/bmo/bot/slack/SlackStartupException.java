package dev.bmo.bot.slack;

/** BMO cannot start in Slack mode: the message names the setting to fix (never a secret's value). */
public class SlackStartupException extends RuntimeException {

    public SlackStartupException(String message) {
        super(message);
    }

    public SlackStartupException(String message, Throwable cause) {
        super(message, cause);
    }
}

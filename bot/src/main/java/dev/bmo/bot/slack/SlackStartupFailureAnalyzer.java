package dev.bmo.bot.slack;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a Slack start-up refusal into Spring Boot's short "APPLICATION FAILED TO START" report. */
public class SlackStartupFailureAnalyzer extends AbstractFailureAnalyzer<SlackStartupException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SlackStartupException cause) {
        return new FailureAnalysis("BMO cannot start in Slack mode: " + cause.getMessage(),
                "Set the missing BMO_SLACK_* variables (bot/README.md, section Slack), or unset BMO_SLACK_MODE"
                        + " to use the local shell.", cause);
    }
}

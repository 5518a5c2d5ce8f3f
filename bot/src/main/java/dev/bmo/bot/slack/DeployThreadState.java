package dev.bmo.bot.slack;

import dev.bmo.bot.history.DeployStatus;

/**
 * Where a deploy stands, as its Slack status message says: the word, its icon, and (by its kind) which buttons
 * the message carries. {@link SlackDeployThread} moves it along as the core's events come.
 */
sealed interface DeployThreadState {

    String word();

    String icon();

    /** Asked for; the core has not accepted it yet (nothing is posted before it does). */
    record Requested() implements DeployThreadState {
        public String word() {
            return "requested";
        }

        public String icon() {
            return ":rocket:";
        }
    }

    /** Waits for a second person: Approve and Reject buttons once the core says who may ({@code approvers}). */
    record AwaitingApproval(String approvers) implements DeployThreadState {
        public String word() {
            return "awaiting approval";
        }

        public String icon() {
            return ":raised_hand:";
        }
    }

    /** Going: needed no approval, was approved, or a person answered its pause. */
    record Running() implements DeployThreadState {
        public String word() {
            return "running";
        }

        public String icon() {
            return ":rocket:";
        }
    }

    /** Its canary analysis paused the rollout: Continue and Roll back buttons. */
    record Paused() implements DeployThreadState {
        public String word() {
            return "paused";
        }

        public String icon() {
            return ":double_vertical_bar:";
        }
    }

    /** A second person rejected it; its end comes next. */
    record Rejected() implements DeployThreadState {
        public String word() {
            return "rejected";
        }

        public String icon() {
            return ":x:";
        }
    }

    /** Over, with the core's final status (succeeded, failed, interrupted...). */
    record Finished(DeployStatus status) implements DeployThreadState {
        public String word() {
            return status.word();
        }

        public String icon() {
            return switch (status) {
                case SUCCEEDED -> ":white_check_mark:";
                case FAILED, REJECTED, REFUSED -> ":x:";
                default -> ":warning:";
            };
        }
    }
}

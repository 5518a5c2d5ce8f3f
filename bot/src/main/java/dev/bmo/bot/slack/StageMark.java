package dev.bmo.bot.slack;

/** A stage as a deploy's Slack status message marks it. */
enum StageMark {
    RUNNING(":hourglass_flowing_sand:"), DONE(":white_check_mark:"), FAILED(":x:");

    final String icon;

    StageMark(String icon) {
        this.icon = icon;
    }
}

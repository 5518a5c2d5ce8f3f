package dev.bmo.bot.deploy;

/** Receives a deploy's events in order. Must not block for long: it runs on the deploy's thread. */
@FunctionalInterface
public interface DeployListener {

    void on(DeployEvent event);

    DeployListener NONE = e -> { };
}

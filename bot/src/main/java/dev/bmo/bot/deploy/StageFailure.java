package dev.bmo.bot.deploy;

/** A stage could not do its job; the message is what people read. */
public class StageFailure extends Exception {

    public StageFailure(String message) {
        super(message);
    }
}

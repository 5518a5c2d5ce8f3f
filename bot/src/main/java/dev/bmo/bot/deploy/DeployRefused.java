package dev.bmo.bot.deploy;

/** A request BMO will not carry out (unknown service, no permission, bad host limit, ...): says why. */
public class DeployRefused extends RuntimeException {

    public DeployRefused(String message) {
        super(message);
    }
}

package dev.bmo.bot.deploy;

import dev.bmo.bot.catalog.Catalog;
import dev.bmo.bot.catalog.EnvironmentSpec;
import dev.bmo.bot.command.Caller;
import dev.bmo.bot.history.AuditLog;
import dev.bmo.bot.history.DeployRecord;
import dev.bmo.bot.permission.Permissions;

/**
 * The permission checks of the deploy commands, before anything runs or is recorded: a refusal says
 * who may, and (for deploying and approving) goes into the audit.
 */
final class DeployPermissions {

    private final Permissions permissions;
    private final AuditLog audit;

    DeployPermissions(Catalog catalog, AuditLog audit) {
        this.permissions = new Permissions(catalog);
        this.audit = audit;
    }

    Permissions permissions() {
        return permissions;
    }

    /** Deploying, rolling back, cancelling another's deploy, answering a pause: the deploy permission. */
    void checkDeployer(Caller caller, EnvironmentSpec env, String what) {
        var decision = permissions.mayDeploy(caller, env);
        if (!decision.allowed()) {
            audit.record(caller.user(), "refused", what + " in " + env.name(), decision.reason());
            throw new DeployRefused("You cannot " + what + " in " + env.name() + ": " + decision.reason() + ".");
        }
    }

    /** Approving: an approver of the environment who is not the requester. */
    void checkApprover(Caller caller, EnvironmentSpec env, DeployRecord d) {
        var decision = permissions.mayApprove(caller, env, d.requestedBy());
        if (!decision.allowed()) {
            audit.record(caller.user(), "approve-refused", d.target(), "#" + d.id() + ": " + decision.reason());
            throw new DeployRefused("You cannot approve #" + d.id() + ": " + decision.reason() + ".");
        }
    }

    /** Rejecting: an approver, or the requester withdrawing their own deploy. */
    void checkRejecter(Caller caller, EnvironmentSpec env, DeployRecord d) {
        var decision = permissions.mayApprove(caller, env, d.requestedBy());
        if (!decision.allowed() && !caller.user().equals(d.requestedBy())) {
            throw new DeployRefused("You cannot reject #" + d.id() + ": " + decision.reason() + ".");
        }
    }
}

package dev.bmo.bot.permission;

import dev.bmo.bot.catalog.Catalog;
import dev.bmo.bot.catalog.EnvironmentSpec;
import dev.bmo.bot.command.Caller;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Who may do what, from the catalog: an environment lists its deployers (and approvers) as
 * {@code *}, user ids or {@code @group}. A caller's groups are those the chat knows (Slack user
 * groups) plus those the catalog puts them in. Checked before anything runs.
 */
public final class Permissions {

    private final Catalog catalog;

    public Permissions(Catalog catalog) {
        this.catalog = catalog;
    }

    public Decision mayDeploy(Caller caller, EnvironmentSpec env) {
        return matches(caller, env.deployers())
                ? Decision.allow()
                : Decision.deny(caller.user() + " may not deploy to " + env.name() + " (allowed: "
                        + String.join(", ", env.deployers()) + ")");
    }

    /** Locking and unlocking follow the deploy permission: whoever may deploy there may hold it. */
    public Decision mayLock(Caller caller, EnvironmentSpec env) {
        return mayDeploy(caller, env);
    }

    public Decision mayApprove(Caller caller, EnvironmentSpec env, String requester) {
        if (caller.user().equals(requester)) {
            return Decision.deny("the requester cannot approve their own deploy: a second person must");
        }
        return matches(caller, env.approvers())
                ? Decision.allow()
                : Decision.deny(caller.user() + " may not approve deploys to " + env.name() + " (approvers: "
                        + String.join(", ", env.approvers()) + ")");
    }

    private boolean matches(Caller caller, List<String> allowed) {
        Set<String> groups = new HashSet<>(caller.groups());
        groups.addAll(catalog.groupsOf(caller.user()));
        for (String entry : allowed) {
            if (entry.equals("*") || entry.equals(caller.user())
                    || (entry.startsWith("@") && groups.contains(entry.substring(1)))) {
                return true;
            }
        }
        return false;
    }

    /** Whether something is allowed, and why not when it is not. */
    public record Decision(boolean allowed, String reason) {

        static Decision allow() {
            return new Decision(true, "");
        }

        static Decision deny(String reason) {
            return new Decision(false, reason);
        }
    }
}

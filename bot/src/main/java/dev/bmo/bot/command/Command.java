package dev.bmo.bot.command;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A parsed command: what {@link Grammar} understood, with every name already syntax-checked. */
public sealed interface Command {

    /** {@code help [command]}. */
    record Help(String topic) implements Command {
    }

    /** {@code deploy[!] <service>[/<ref>] [to <env>[/<hosts>]] [queue]}; null ref and env mean the defaults. */
    record Deploy(boolean force, String service, String ref, String env, List<String> hosts, boolean queue)
            implements Command {
    }

    /** {@code rollback <service> [in <env>]}. */
    record Rollback(String service, String env) implements Command {
    }

    /** {@code deploys <service> [in <env>]}. */
    record Deploys(String service, String env) implements Command {
    }

    /** {@code logs <deploy-id>}. */
    record Logs(long deployId) implements Command {
    }

    /** {@code logs search <words> [in <service>] [since <date>]}. */
    record LogSearch(List<String> words, String service, Instant since) implements Command {
    }

    /** {@code lock <service> in <env> [for <duration>] [reason]}; null duration means until unlocked. */
    record Lock(String service, String env, Duration duration, String reason) implements Command {
    }

    /** {@code unlock <service> in <env>}. */
    record Unlock(String service, String env) implements Command {
    }

    /** {@code locks}. */
    record Locks() implements Command {
    }

    /** {@code wcid <service>}: where can I deploy. */
    record Wcid(String service) implements Command {
    }

    /** {@code approve <deploy-id>}. */
    record Approve(long deployId) implements Command {
    }

    /** {@code reject <deploy-id> [reason]}. */
    record Reject(long deployId, String reason) implements Command {
    }

    /** {@code continue <deploy-id>} or {@code rollback <deploy-id>}: the answer to a rollout its canary analysis paused. */
    record Decide(long deployId, boolean rollBack) implements Command {
    }

    /** {@code cancel <deploy-id>}. */
    record Cancel(long deployId) implements Command {
    }

    /** {@code status [<service>] [in <env>]} (answered by the status feature). */
    record Status(String service, String env) implements Command {
    }

    /** {@code metrics <service> [in <env>]} (answered by the metrics feature). */
    record Metrics(String service, String env) implements Command {
    }

    /**
     * {@code journal <service> [in <env>[/<hosts>]] [last <duration>] [level <level>] [grep <words>]}: a
     * service's recent log lines from its hosts (answered by the journal feature). A null env means the
     * service's default; {@code level} is one of {@link Grammar#LEVELS}; {@code words} may be empty.
     */
    record Journal(String service, String env, List<String> hosts, Duration last, String level, List<String> words)
            implements Command {

        public Journal {
            hosts = List.copyOf(hosts);
            words = List.copyOf(words);
        }
    }
}

package dev.bmo.bot.deploy;

import dev.bmo.bot.history.DeployRecord;
import dev.bmo.bot.logging.LogContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.MDC;

/**
 * What every line BMO logs while working on a deploy says about it: SLF4J MDC keys that Spring Boot's ECS
 * format writes as fields of the line ({@code "deploy":{"id":"42","service":"resizer",...}}). Set on the
 * deploy's worker thread for the whole pipeline, carried into the threads it starts ({@link LogContext}:
 * the Ansible output reader, the canary's readers, the task announcer), and cleared afterwards;
 * {@code deploy.host} is added around a line about one host.
 */
public final class DeployLogContext {

    public static final String ID = "deploy.id";
    public static final String SERVICE = "deploy.service";
    public static final String ENVIRONMENT = "deploy.environment";
    public static final String COMMIT = "deploy.commit";
    public static final String HOST = "deploy.host";

    private DeployLogContext() {
    }

    /** The deploy's keys, replacing the thread's context until closed. */
    public static LogContext.Scope of(DeployRecord d) {
        return of(d.id(), d.service(), d.env(), d.commit());
    }

    public static LogContext.Scope of(long id, String service, String env, String commit) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put(ID, Long.toString(id));
        if (service != null) {
            keys.put(SERVICE, service);
        }
        if (env != null) {
            keys.put(ENVIRONMENT, env);
        }
        if (commit != null && !commit.isBlank()) {
            keys.put(COMMIT, commit);
        }
        return LogContext.replacedBy(keys);
    }

    /** The commit once the deploy knows it (after resolve). */
    public static void commit(String commit) {
        if (commit != null && !commit.isBlank() && MDC.get(ID) != null) {
            MDC.put(COMMIT, commit);
        }
    }

    /** The host a line is about, until closed. */
    public static LogContext.Scope host(String host) {
        return LogContext.with(HOST, host);
    }
}

package dev.bmo.bot.command;

import dev.bmo.bot.catalog.Catalog;
import dev.bmo.bot.catalog.EnvironmentSpec;
import dev.bmo.bot.catalog.ServiceSpec;
import dev.bmo.bot.deploy.DeployRefused;
import dev.bmo.bot.history.AuditLog;
import dev.bmo.bot.history.DeployHistory;
import dev.bmo.bot.lock.Lock;
import dev.bmo.bot.lock.LockStore;
import dev.bmo.bot.permission.Permissions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** lock, unlock, locks and wcid ("where can I deploy"). */
public class LockCommands {

    private final LockStore locks;
    private final Catalog catalog;
    private final Permissions permissions;
    private final DeployHistory history;
    private final AuditLog audit;
    private final Clock clock;

    public LockCommands(LockStore locks, Catalog catalog, DeployHistory history, AuditLog audit, Clock clock) {
        this.locks = locks;
        this.catalog = catalog;
        this.permissions = new Permissions(catalog);
        this.history = history;
        this.audit = audit;
        this.clock = clock;
    }

    Reply lock(Caller caller, Command.Lock l) {
        ServiceSpec service = service(l.service());
        EnvironmentSpec env = env(l.env());
        var decision = permissions.mayLock(caller, env);
        if (!decision.allowed()) {
            return Reply.error("You cannot lock " + service.name() + " in " + env.name() + ": " + decision.reason()
                    + ".");
        }
        Instant expires = l.duration() == null ? null : clock.instant().plus(l.duration());
        LockStore.Attempt a = locks.lock(service.name(), env.name(), caller.user(), l.reason(), expires);
        if (!a.acquired()) {
            return Reply.error("Already locked: " + a.heldBy().describe() + ".");
        }
        audit.record(caller.user(), "lock", service.name() + " in " + env.name(), l.reason());
        return Reply.ok("Locked " + service.name() + " in " + env.name() + (expires == null ? " until unlocked"
                : " until " + Texts.time(expires)) + (l.reason() == null ? "" : " (" + l.reason() + ")")
                + ". Only you can deploy there now.");
    }

    Reply unlock(Caller caller, Command.Unlock u) {
        ServiceSpec service = service(u.service());
        EnvironmentSpec env = env(u.env());
        Optional<Lock> held = locks.find(service.name(), env.name());
        if (held.isEmpty()) {
            return Reply.error(service.name() + " in " + env.name() + " is not locked.");
        }
        if (!held.get().manual()) {
            return Reply.error("Deploy #" + held.get().deployId() + " holds that lock until it ends (cancel "
                    + held.get().deployId() + " stops it).");
        }
        if (!held.get().holder().equals(caller.user()) && !permissions.mayLock(caller, env).allowed()) {
            return Reply.error("You cannot unlock " + service.name() + " in " + env.name() + ": "
                    + permissions.mayLock(caller, env).reason() + ".");
        }
        locks.unlock(service.name(), env.name());
        audit.record(caller.user(), "unlock", service.name() + " in " + env.name(), "held by " + held.get().holder());
        return Reply.ok("Unlocked " + service.name() + " in " + env.name() + (held.get().holder().equals(caller.user())
                ? "." : " (it was " + held.get().holder() + "'s)."));
    }

    Reply locks() {
        List<Lock> all = locks.all();
        if (all.isEmpty()) {
            return Reply.ok("No locks.");
        }
        List<List<String>> rows = all.stream().map(l -> List.of(l.service(), l.env(), l.holder(),
                l.manual() ? (l.reason() == null ? "-" : l.reason()) : "deploy #" + l.deployId() + " running",
                Texts.time(l.since()), l.expiresAt() == null ? "until unlocked" : Texts.time(l.expiresAt()))).toList();
        return Reply.ok(Texts.table(List.of("service", "env", "who", "why", "since", "expires"), rows));
    }

    Reply wcid(Caller caller, Command.Wcid w) {
        ServiceSpec service = service(w.service());
        List<List<String>> rows = new ArrayList<>();
        for (String name : new TreeSet<>(catalog.environmentNames())) {
            EnvironmentSpec env = catalog.environment(name).orElseThrow();
            Optional<Lock> lock = locks.find(service.name(), name);
            Map<String, String> versions = history.runningVersions(service.name(), name);
            String running = versions.isEmpty() ? "-" : new TreeSet<>(versions.values()).size() == 1
                    ? versions.values().iterator().next() + " on " + versions.size() + " host(s)"
                    : String.join(", ", versions.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                            .toList());
            var may = permissions.mayDeploy(caller, env);
            String you;
            if (!may.allowed()) {
                you = "no (" + String.join(", ", env.deployers()) + ")";
            } else if (lock.isPresent() && !lock.get().holder().equals(caller.user())) {
                you = "not now (locked)";
            } else {
                you = env.approval() ? "yes, with approval" : "yes";
            }
            rows.add(List.of(name + (name.equals(service.defaultEnv()) ? " (default)" : ""),
                    lock.map(l -> "locked by " + l.holder() + (l.manual() ? "" : " (#" + l.deployId() + ")"))
                            .orElse("free"),
                    running, you));
        }
        return Reply.ok("Where " + caller.user() + " can deploy " + service.name() + ":\n"
                + Texts.table(List.of("environment", "lock", "running", "you may deploy"), rows));
    }

    private ServiceSpec service(String name) {
        return catalog.service(name).orElseThrow(() -> new DeployRefused("There is no service '" + name
                + "' in the catalog (services: " + String.join(", ", new TreeSet<>(catalog.serviceNames())) + ")."));
    }

    private EnvironmentSpec env(String name) {
        return catalog.environment(name).orElseThrow(() -> new DeployRefused("There is no environment '" + name
                + "' in the catalog (environments: " + String.join(", ", new TreeSet<>(catalog.environmentNames()))
                + ")."));
    }
}

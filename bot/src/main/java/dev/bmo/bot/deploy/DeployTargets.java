package dev.bmo.bot.deploy;

import dev.bmo.bot.catalog.Catalog;
import dev.bmo.bot.catalog.CatalogException;
import dev.bmo.bot.catalog.EnvironmentSpec;
import dev.bmo.bot.catalog.HostTargets;
import dev.bmo.bot.catalog.Inventory;
import dev.bmo.bot.catalog.ServiceSpec;
import dev.bmo.bot.history.DeployRecord;
import java.nio.file.Path;
import java.util.List;

/** What a deploy names, looked up in the catalog and the inventory; what is not there refuses the deploy. */
final class DeployTargets {

    private final Catalog catalog;
    private final HostTargets hosts;

    DeployTargets(Catalog catalog, Path repo) {
        this.catalog = catalog;
        this.hosts = new HostTargets(repo);
    }

    ServiceSpec service(String name) {
        return catalog.service(name).orElseThrow(() -> new DeployRefused("There is no service '" + name
                + "' in the catalog (services: " + String.join(", ", catalog.serviceNames().stream().sorted().toList())
                + ")."));
    }

    EnvironmentSpec environment(String name) {
        return catalog.environment(name).orElseThrow(() -> new DeployRefused("There is no environment '" + name
                + "' in the catalog (environments: " + String.join(", ", catalog.environmentNames().stream().sorted()
                        .toList()) + ")."));
    }

    /** The service's hosts in the environment, narrowed by the limit (the inventory decides). */
    List<String> hosts(ServiceSpec service, EnvironmentSpec env, List<String> limit) {
        try {
            return hosts.of(service, env, limit);
        } catch (CatalogException e) {
            throw new DeployRefused(e.getMessage());
        }
    }

    /** The hosts a recorded deploy asked for, now (a queued or approved one starts later than it was asked). */
    List<String> hosts(DeployRecord d) {
        return hosts(service(d.service()), environment(d.env()), limitOf(d));
    }

    /** The environment's inventory as the pipeline reads it. @throws CatalogException when it cannot be read */
    Inventory inventory(EnvironmentSpec env) {
        return hosts.inventory(env);
    }

    static List<String> limitOf(DeployRecord d) {
        return d.hostsLimit() == null || d.hostsLimit().isEmpty() ? List.of() : List.of(d.hostsLimit().split(","));
    }
}

package dev.bmo.bot.catalog;

import java.nio.file.Path;
import java.util.List;

/**
 * Which hosts a deploy of a service in an environment reaches: the environment's inventory, read
 * anew each time (it may change between deploys), narrowed by a host limit. The inventory decides.
 */
public final class HostTargets {

    private final Path repo;

    /** @param repo the checkout the catalog's inventory paths are relative to */
    public HostTargets(Path repo) {
        this.repo = repo;
    }

    /** The environment's inventory as it is now. @throws CatalogException when it cannot be read */
    public Inventory inventory(EnvironmentSpec env) {
        return Inventory.load(repo.resolve(env.inventory()));
    }

    /**
     * The service's hosts in the environment, narrowed by {@code limit} (host or group names; empty:
     * no limit).
     *
     * @throws CatalogException for the requester: the environment's inventory is broken (named so), or
     *                          the limit names what is not there or leaves no host
     */
    public List<String> of(ServiceSpec service, EnvironmentSpec env, List<String> limit) {
        Inventory inventory;
        try {
            inventory = inventory(env);
        } catch (CatalogException e) {
            throw new CatalogException("The inventory of " + env.name() + " is broken: " + e.getMessage(), e);
        }
        return inventory.targets(service.name(), env.name(), limit);
    }
}

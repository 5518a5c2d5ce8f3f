package dev.bmo.bot.catalog;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The service catalog: what can be deployed, where, and who belongs to which group. */
public record Catalog(Map<String, ServiceSpec> services, Map<String, EnvironmentSpec> environments,
        Map<String, Set<String>> groups) {

    public Optional<ServiceSpec> service(String name) {
        return Optional.ofNullable(services.get(name));
    }

    public Optional<EnvironmentSpec> environment(String name) {
        return Optional.ofNullable(environments.get(name));
    }

    public Collection<String> serviceNames() {
        return services.keySet();
    }

    public Collection<String> environmentNames() {
        return environments.keySet();
    }

    /** Groups the catalog itself puts a user in (chat adapters may add the chat's own user groups). */
    public List<String> groupsOf(String user) {
        return groups.entrySet().stream().filter(e -> e.getValue().contains(user)).map(Map.Entry::getKey).toList();
    }
}

package dev.bmo.bot.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * An environment's Ansible inventory (YAML form), read so that BMO can check a host limit before
 * anything runs and knows where each host answers HTTP. Variables merge the way Ansible merges
 * them for the simple cases used here: {@code all} vars, then group vars (parents first), then
 * host vars.
 */
public final class Inventory {

    private final Path file;
    private final Map<String, Set<String>> groups;
    private final Map<String, Map<String, Object>> hostVars;

    private Inventory(Path file, Map<String, Set<String>> groups, Map<String, Map<String, Object>> hostVars) {
        this.file = file;
        this.groups = groups;
        this.hostVars = hostVars;
    }

    public static Inventory load(Path file) {
        JsonNode root;
        try {
            root = YAMLMapper.builder().build().readTree(Files.readString(file));
        } catch (IOException | JacksonException e) {
            throw new CatalogException("cannot read the inventory " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject() || !root.has("all")) {
            throw new CatalogException(file + ": an inventory must be YAML with a top-level 'all' group");
        }
        Map<String, Set<String>> groups = new LinkedHashMap<>();
        Map<String, Map<String, Object>> vars = new LinkedHashMap<>();
        walk(file, "all", root.get("all"), new HashMap<>(), groups, vars, new ArrayList<>());
        return new Inventory(file, groups, vars);
    }

    /**
     * The hosts a deploy of {@code service} in {@code env} touches: the service's group, narrowed by a
     * limit of host or group names (empty: no limit). Every name of the limit must exist, and at least
     * one of the service's hosts must remain.
     *
     * @throws CatalogException saying what is wrong, for the requester
     */
    public List<String> targets(String service, String env, List<String> limit) {
        List<String> serviceHosts = hostsOf(service);
        if (serviceHosts.isEmpty()) {
            throw new CatalogException(env + " has no hosts for " + service + " (no group '" + service + "' in "
                    + file + ").");
        }
        if (limit.isEmpty()) {
            return serviceHosts;
        }
        Set<String> wanted = new LinkedHashSet<>();
        for (String name : limit) {
            if (hasGroup(name)) {
                wanted.addAll(hostsOf(name));
            } else if (hasHost(name)) {
                wanted.add(name);
            } else {
                throw new CatalogException("'" + name + "' is neither a host nor a group of " + env + " (hosts of "
                        + service + ": " + String.join(", ", serviceHosts) + ").");
            }
        }
        List<String> hosts = serviceHosts.stream().filter(wanted::contains).toList();
        if (hosts.isEmpty()) {
            throw new CatalogException("None of " + String.join(", ", limit) + " runs " + service + " in " + env
                    + " (its hosts: " + String.join(", ", serviceHosts) + ").");
        }
        return hosts;
    }

    private static Set<String> walk(Path file, String group, JsonNode node, Map<String, Object> inherited,
            Map<String, Set<String>> groups, Map<String, Map<String, Object>> hostVars, List<String> path) {
        if (path.contains(group)) {
            throw new CatalogException(file + ": group '" + group + "' contains itself");
        }
        Map<String, Object> vars = new HashMap<>(inherited);
        Set<String> members = new LinkedHashSet<>();
        if (node != null && node.isObject()) {
            vars.putAll(plain(node.get("vars")));
            JsonNode hosts = node.get("hosts");
            if (hosts != null && hosts.isObject()) {
                for (Map.Entry<String, JsonNode> h : hosts.properties()) {
                    Map<String, Object> merged = new HashMap<>(hostVars.getOrDefault(h.getKey(), Map.of()));
                    merged.putAll(vars);
                    merged.putAll(plain(h.getValue()));
                    hostVars.put(h.getKey(), merged);
                    members.add(h.getKey());
                }
            }
            JsonNode children = node.get("children");
            if (children != null && children.isObject()) {
                List<String> deeper = new ArrayList<>(path);
                deeper.add(group);
                for (Map.Entry<String, JsonNode> child : children.properties()) {
                    members.addAll(walk(file, child.getKey(), child.getValue(), vars, groups, hostVars, deeper));
                }
            }
        }
        groups.computeIfAbsent(group, g -> new LinkedHashSet<>()).addAll(members);
        return members;
    }

    private static Map<String, Object> plain(JsonNode node) {
        Map<String, Object> out = new HashMap<>();
        if (node != null && node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                JsonNode v = e.getValue();
                out.put(e.getKey(), v.isValueNode() ? v.asString() : v.toString());
            }
        }
        return out;
    }

    public Path file() {
        return file;
    }

    public boolean hasGroup(String name) {
        return groups.containsKey(name);
    }

    public boolean hasHost(String name) {
        return hostVars.containsKey(name);
    }

    /** The hosts of a group, in inventory order (empty when the group does not exist). */
    public List<String> hostsOf(String group) {
        return List.copyOf(groups.getOrDefault(group, Set.of()));
    }

    public String var(String host, String name) {
        Object v = hostVars.getOrDefault(host, Map.of()).get(name);
        return v == null ? null : v.toString();
    }

    /** Where a host answers: its {@code ansible_host}, or the loopback for local connections. */
    public String address(String host) {
        String address = var(host, "ansible_host");
        if (address != null) {
            return address;
        }
        return "local".equals(var(host, "ansible_connection")) ? "127.0.0.1" : host;
    }

    /** The host's HTTP port: the {@code http_port} host variable, else the service's own port. */
    public int httpPort(String host, int fallback) {
        String port = var(host, "http_port");
        try {
            return port == null ? fallback : Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new CatalogException(file + ": http_port of " + host + " is not a number: " + port);
        }
    }
}

package dev.bmo.bot.catalog;

import dev.bmo.bot.process.CommandRunner;
import dev.bmo.bot.process.ProcessResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * An environment's Ansible inventory, read the way Ansible reads it: {@code ansible-inventory -i
 * <file> --list}, so the groups and each host's variables (the inventory's own, {@code group_vars/}
 * and {@code host_vars/} beside it, merged by Ansible's precedence) are exactly what a playbook run
 * against it sees. Variables are as Ansible holds them before templating: a {@code "{{ ... }}"} value
 * is the template's text. BMO uses it to check a host limit before anything runs and to know where
 * each host answers HTTP.
 *
 * <p>Loads are cached per file: a load whose inventory file and {@code group_vars/}/{@code host_vars/}
 * files are unchanged (modification time and size) since the last one reuses its result.
 */
public final class Inventory {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Map<Path, Cached> CACHE = new ConcurrentHashMap<>();

    private record Cached(List<String> stamp, Inventory inventory) {
    }

    private final Path file;
    private final Map<String, Set<String>> groups;
    private final Map<String, Map<String, Object>> hostVars;

    private Inventory(Path file, Map<String, Set<String>> groups, Map<String, Map<String, Object>> hostVars) {
        this.file = file;
        this.groups = groups;
        this.hostVars = hostVars;
    }

    /**
     * The inventory as Ansible reads it now.
     *
     * @throws CatalogException when the file is not a YAML inventory with a top-level {@code all}
     *                          group, or ansible-inventory cannot read it (its error included)
     */
    public static Inventory load(Path file) {
        Path key = file.toAbsolutePath().normalize();
        List<String> stamp = stamp(key);
        Cached cached = CACHE.get(key);
        if (cached != null && cached.stamp().equals(stamp)) {
            return cached.inventory();
        }
        Inventory inventory = read(file, key);
        CACHE.put(key, new Cached(stamp, inventory));
        return inventory;
    }

    private static Inventory read(Path file, Path absolute) {
        JsonNode root;
        try {
            root = YAMLMapper.builder().build().readTree(Files.readString(absolute));
        } catch (IOException | JacksonException e) {
            throw new CatalogException("cannot read the inventory " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject() || !root.has("all")) {
            throw new CatalogException(file + ": an inventory must be YAML with a top-level 'all' group");
        }
        JsonNode list = ansibleInventory(file, absolute);
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> g : list.properties()) {
            if (!g.getKey().equals("_meta")) {
                byName.put(g.getKey(), g.getValue());
            }
        }
        Map<String, Set<String>> groups = new LinkedHashMap<>();
        members("all", byName, groups, new ArrayList<>(), file);
        Map<String, Map<String, Object>> vars = new LinkedHashMap<>();
        for (Set<String> hosts : groups.values()) {
            hosts.forEach(h -> vars.putIfAbsent(h, Map.of()));
        }
        for (Map.Entry<String, JsonNode> h : list.path("_meta").path("hostvars").properties()) {
            vars.put(h.getKey(), plain(h.getValue()));
        }
        return new Inventory(file, groups, vars);
    }

    /** {@code ansible-inventory -i <file> --list}, parsed; its stderr in the error when it fails. */
    private static JsonNode ansibleInventory(Path file, Path absolute) {
        List<String> argv = List.of("ansible-inventory", "-i", absolute.toString(), "--list");
        StringBuilder out = new StringBuilder();
        List<String> err = new ArrayList<>();
        ProcessResult result;
        try {
            result = CommandRunner.run(new CommandRunner.Spec(argv, absolute.getParent(),
                    // a source no plugin can parse is an error, not an empty inventory with a warning
                    Map.of("ANSIBLE_INVENTORY_UNPARSED_FAILED", "True", "ANSIBLE_NOCOLOR", "1"),
                    TIMEOUT, line -> out.append(line).append('\n'), err::add, null));
        } catch (IOException e) {
            throw new CatalogException("cannot read the inventory " + file + ": ansible-inventory did not run ("
                    + e.getMessage() + "; apt-get install ansible, or run scripts/setup)", e);
        }
        if (result.timedOut()) {
            throw new CatalogException("cannot read the inventory " + file + ": ansible-inventory took longer than "
                    + TIMEOUT.toSeconds() + " s");
        }
        if (result.exitCode() != 0) {
            throw new CatalogException("cannot read the inventory " + file + ": ansible-inventory failed (exit "
                    + result.exitCode() + "): " + String.join(" ", err).replaceAll("\\s+", " ").strip());
        }
        try {
            JsonNode list = JsonMapper.builder().build().readTree(out.toString());
            if (list == null || !list.isObject()) {
                throw new CatalogException("cannot read the inventory " + file + ": ansible-inventory printed no"
                        + " inventory");
            }
            return list;
        } catch (JacksonException e) {
            throw new CatalogException("cannot read the inventory " + file + ": ansible-inventory printed no JSON: "
                    + e.getMessage(), e);
        }
    }

    /** A group's hosts, its own first and then its children's, in Ansible's order. */
    private static Set<String> members(String group, Map<String, JsonNode> byName, Map<String, Set<String>> groups,
            List<String> path, Path file) {
        Set<String> done = groups.get(group);
        if (done != null) {
            return done;
        }
        if (path.contains(group)) {
            throw new CatalogException(file + ": group '" + group + "' contains itself");
        }
        JsonNode node = byName.get(group);
        Set<String> members = new LinkedHashSet<>();
        if (node != null) {
            node.path("hosts").forEach(h -> members.add(h.asString()));
            List<String> deeper = new ArrayList<>(path);
            deeper.add(group);
            for (JsonNode child : node.path("children")) {
                members.addAll(members(child.asString(), byName, groups, deeper, file));
            }
        }
        groups.put(group, members);
        return members;
    }

    /** What a load depends on: the file, and the group_vars/ and host_vars/ beside it (mtime and size). */
    private static List<String> stamp(Path file) {
        List<String> stamp = new ArrayList<>();
        add(stamp, file);
        Path dir = file.getParent();
        for (String vars : List.of("group_vars", "host_vars")) {
            Path d = dir.resolve(vars);
            if (Files.isDirectory(d)) {
                try (Stream<Path> files = Files.walk(d)) {
                    files.sorted().forEach(f -> add(stamp, f));
                } catch (IOException | java.io.UncheckedIOException e) {
                    stamp.add(d + " unreadable " + System.nanoTime()); // never matches: read again
                }
            }
        }
        return stamp;
    }

    private static void add(List<String> stamp, Path f) {
        try {
            BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
            stamp.add(f + " " + a.lastModifiedTime().toInstant() + " " + a.size());
        } catch (IOException e) {
            stamp.add(f + " missing");
        }
    }

    private static Map<String, Object> plain(JsonNode node) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                JsonNode v = e.getValue();
                out.put(e.getKey(), v.isValueNode() ? v.asString() : v.toString());
            }
        }
        return out;
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

    /** A host's variable as Ansible merges it (all, parent groups, groups, host), untemplated; null if unset. */
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

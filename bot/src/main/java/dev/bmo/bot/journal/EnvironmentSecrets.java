package dev.bmo.bot.journal;

import dev.bmo.bot.catalog.Inventory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The secret values an environment's log lines must never show, from what BMO can see: settings whose names
 * say secret ({@code ..._SECRET}, {@code ..._TOKEN}, {@code ..._PASSWORD}, {@code ..._KEY} of an API, ...) and
 * the passwords inside URLs ({@code amqp://user:password@host}), in BMO's own environment (its
 * {@code BMO_ACTUATOR_TOKEN}, say), in the inventory's {@code bmo_service_env}, in a simulated host's
 * {@code service.env}, and the secret files in BMO's state directory ({@code lab-resizer-secret},
 * {@code actuator-token}).
 */
public final class EnvironmentSecrets {

    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(SECRET|TOKEN|PASSWORD|PASSWD|PASSPHRASE|CREDENTIAL|PRIVATE|API_?KEY|APPLICATION_?KEY|SIGNING).*");
    private static final Pattern URL_PASSWORD = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://[^:/@\\s]*:([^@/\\s]+)@");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Set<String> values = new LinkedHashSet<>();

    public static boolean secretName(String name) {
        return SECRET_NAME.matcher(name).matches();
    }

    /** Secret-named settings' values, and the password of every URL among the settings. */
    public EnvironmentSecrets settings(Map<String, String> settings) {
        settings.forEach((name, value) -> {
            if (value == null || value.contains("{{")) {
                return; // an Ansible template: its value is not known here
            }
            if (secretName(name)) {
                values.add(value.strip());
            }
            Matcher m = URL_PASSWORD.matcher(value);
            while (m.find()) {
                values.add(m.group(1));
            }
        });
        return this;
    }

    /** The inventory's {@code bmo_service_env} of each host, where it is literal. */
    public EnvironmentSecrets inventory(Inventory inventory, List<String> hosts) {
        for (String host : hosts) {
            String env = inventory.var(host, "bmo_service_env");
            if (env == null || !env.strip().startsWith("{")) {
                continue;
            }
            try {
                JsonNode node = JSON.readTree(env);
                Map<String, String> settings = new java.util.LinkedHashMap<>();
                node.properties().forEach(e -> settings.put(e.getKey(), e.getValue().isValueNode()
                        ? e.getValue().asString() : e.getValue().toString()));
                settings(settings);
            } catch (JacksonException e) {
                // not JSON (a template): nothing to learn from it
            }
        }
        return this;
    }

    /** A {@code KEY=VALUE} file (a simulated host's service.env); a missing one adds nothing. */
    public EnvironmentSecrets envFile(Path file) {
        if (!Files.isRegularFile(file)) {
            return this;
        }
        try {
            Map<String, String> settings = new java.util.LinkedHashMap<>();
            for (String line : Files.readAllLines(file)) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#") || !l.contains("=")) {
                    continue;
                }
                if (l.startsWith("export ")) {
                    l = l.substring("export ".length()).strip();
                }
                String value = l.substring(l.indexOf('=') + 1).strip();
                if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                        || value.startsWith("'") && value.endsWith("'"))) {
                    value = value.substring(1, value.length() - 1);
                }
                settings.put(l.substring(0, l.indexOf('=')).strip(), value);
            }
            settings(settings);
        } catch (IOException e) {
            // unreadable: the services keep their secrets out of their lines anyway
        }
        return this;
    }

    /** Small files directly in BMO's state directory whose names say secret or token. */
    public EnvironmentSecrets stateDir(Path dir) {
        if (!Files.isDirectory(dir)) {
            return this;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString().toLowerCase();
                if ((name.contains("secret") || name.contains("token")) && Files.isRegularFile(f)
                        && Files.size(f) < 4096) {
                    values.add(Files.readString(f).strip());
                }
            }
        } catch (IOException e) {
            // nothing more to learn there
        }
        return this;
    }

    public SecretRedactor redactor() {
        return new SecretRedactor(values);
    }
}

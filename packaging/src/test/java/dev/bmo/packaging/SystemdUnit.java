package dev.bmo.packaging;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough of systemd's unit and EnvironmentFile syntax to run a packaged service the way
 * systemd would on a real host (there is no systemd on this machine).
 */
final class SystemdUnit {

    private final Map<String, List<String>> entries = new LinkedHashMap<>();

    private SystemdUnit() {
    }

    static SystemdUnit parse(String text) {
        SystemdUnit unit = new SystemdUnit();
        String section = "";
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1);
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("not a unit line: " + line);
            }
            unit.entries.computeIfAbsent(section + "." + line.substring(0, eq).strip(), k -> new ArrayList<>())
                    .add(line.substring(eq + 1).strip());
        }
        return unit;
    }

    /** The last value of Section.Key, or null. */
    String get(String sectionDotKey) {
        List<String> values = entries.get(sectionDotKey);
        return values == null ? null : values.get(values.size() - 1);
    }

    /**
     * ExecStart as an argument list: "$NAME" becomes the variable's words (split on white space),
     * "${NAME}" one argument, as systemd does.
     */
    List<String> execStart(Map<String, String> environment) {
        List<String> argv = new ArrayList<>();
        for (String word : get("Service.ExecStart").split("\\s+")) {
            if (word.startsWith("${") && word.endsWith("}")) {
                argv.add(environment.getOrDefault(word.substring(2, word.length() - 1), ""));
            } else if (word.startsWith("$")) {
                String value = environment.getOrDefault(word.substring(1), "");
                for (String part : value.strip().split("\\s+")) {
                    if (!part.isEmpty()) {
                        argv.add(part);
                    }
                }
            } else {
                argv.add(word);
            }
        }
        return argv;
    }

    /** An EnvironmentFile: KEY=VALUE lines, comments, optional quotes around the value; last one wins. */
    static Map<String, String> parseEnvironmentFile(String text) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("not an environment line: " + line);
            }
            String value = line.substring(eq + 1).strip();
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                    || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            }
            environment.put(line.substring(0, eq).strip(), value);
        }
        return environment;
    }
}

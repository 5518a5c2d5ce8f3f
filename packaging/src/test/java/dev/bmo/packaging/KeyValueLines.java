package dev.bmo.packaging;

import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code key=value} lines that the packaging commands print on stdout. */
final class KeyValueLines {

    private KeyValueLines() {
    }

    static Map<String, String> parse(String stdout) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : stdout.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return values;
    }
}

package dev.bmo.packaging;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What dpkg-deb says about a .deb: its control fields and its file list. */
final class DebPackage {

    /** One line of {@code dpkg-deb --contents}. */
    record Entry(String mode, String owner, String path) {
    }

    private DebPackage() {
    }

    static Map<String, String> fields(Path deb) {
        String text = Command.of("dpkg-deb", "--field", deb.toString()).check().stdout();
        Map<String, String> fields = new LinkedHashMap<>();
        String last = null;
        for (String line : text.split("\n")) {
            if (line.startsWith(" ") && last != null) {
                fields.put(last, fields.get(last) + "\n" + line.substring(1));
            } else if (line.contains(":")) {
                last = line.substring(0, line.indexOf(':'));
                fields.put(last, line.substring(line.indexOf(':') + 1).strip());
            }
        }
        return fields;
    }

    static Map<String, Entry> contents(Path deb) {
        String text = Command.of("dpkg-deb", "--contents", deb.toString()).check().stdout();
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String[] parts = line.trim().split("\\s+", 6);
            String path = parts[5].replaceFirst("^\\./", "/");
            entries.put(path, new Entry(parts[0], parts[1], path));
        }
        return entries;
    }

    static String controlFile(Path deb, String name) {
        return Command.of("dpkg-deb", "--info", deb.toString(), name).check().stdout();
    }
}

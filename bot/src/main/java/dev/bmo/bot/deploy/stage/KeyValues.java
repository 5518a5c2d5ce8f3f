package dev.bmo.bot.deploy.stage;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the {@code key=value} lines the packaging commands print for their caller. */
final class KeyValues {

    private static final Pattern LINE = Pattern.compile("([a-z_]+)=(\\S.*)");

    private KeyValues() {
    }

    static void read(String line, Map<String, String> into) {
        Matcher m = LINE.matcher(line.strip());
        if (m.matches()) {
            into.put(m.group(1), m.group(2).strip());
        }
    }
}

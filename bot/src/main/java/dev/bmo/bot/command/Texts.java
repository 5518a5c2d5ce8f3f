package dev.bmo.bot.command;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** How replies write times and tables: fixed-width columns, times in UTC. */
final class Texts {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Texts() {
    }

    static String time(Instant at) {
        return at == null ? "-" : TIME.format(at);
    }

    static String shortCommit(String commit) {
        return commit == null ? "-" : commit.substring(0, Math.min(10, commit.length()));
    }

    /** A plain-text table: every column as wide as its widest cell. */
    static String table(List<String> header, List<List<String>> rows) {
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        int[] width = new int[header.size()];
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                width[i] = Math.max(width[i], row.get(i) == null ? 1 : row.get(i).length());
            }
        }
        StringBuilder s = new StringBuilder();
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i) == null ? "-" : row.get(i);
                s.append(i == row.size() - 1 ? cell : String.format("%-" + width[i] + "s  ", cell));
            }
            s.append('\n');
        }
        return s.toString().stripTrailing();
    }
}

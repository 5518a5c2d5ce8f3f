package dev.bmo.bot.command;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** A command being read: its words left to right, the values read so far, and what was understood. */
final class Parse {
    private final List<String> words;
    private int position;
    private final Grammar.Form form;
    private final String verb;
    private final boolean forced;
    private final Clock clock;
    private String reads;
    private final Map<Syntax.Slot<?>, Object> values = new HashMap<>();
    private final Set<String> flags = new HashSet<>();
    private final StringBuilder echo = new StringBuilder();
    private String pending;

    Parse(List<String> words, Grammar.Form form, boolean forced, Clock clock) {
        this.words = words;
        this.form = form;
        this.forced = forced;
        this.clock = clock;
        this.verb = form.name() + (forced ? "!" : "");
    }

    void reads(String text) {
        this.reads = text;
    }

    /** Now, for dates such as {@code since yesterday}. */
    Clock clock() {
        return clock;
    }

    /** Whether {@code deploy!} was typed rather than {@code deploy}. */
    boolean forced() {
        return forced;
    }

    @SuppressWarnings("unchecked")
    <T> T get(Syntax.Slot<T> slot) {
        return (T) values.get(slot);
    }

    <T> T get(Syntax.Slot<T> slot, T otherwise) {
        T value = get(slot);
        return value == null ? otherwise : value;
    }

    boolean has(String flag) {
        return flags.contains(flag);
    }

    <T> void put(Syntax.Slot<T> slot, T value) {
        values.put(slot, value);
    }

    void flag(String word) {
        flags.add(word);
    }

    /** The keyword the next echo starts with: "to local" is echoed only once "local" is checked. */
    void pending(String keyword) {
        pending = keyword;
    }

    void echo(String text) {
        if (pending != null) {
            text = pending + " " + text;
            pending = null;
        }
        if (!text.isBlank()) {
            echo.append(' ').append(text.strip());
        }
    }

    String understood() {
        return echo.isEmpty() ? verb : (reads == null ? verb : reads) + echo;
    }

    CommandSyntaxException error(String problem) {
        return new CommandSyntaxException(problem, understood(), form);
    }

    boolean more() {
        return position < words.size();
    }

    int remaining() {
        return words.size() - position;
    }

    /** The next word, lower-cased (keywords are matched so). */
    String peek() {
        return peek(0);
    }

    String peek(int ahead) {
        return peekAsTyped(ahead).toLowerCase(Locale.ROOT);
    }

    String peekAsTyped() {
        return peekAsTyped(0);
    }

    String peekAsTyped(int ahead) {
        return words.get(position + ahead);
    }

    String next() {
        return words.get(position++);
    }

    List<String> rest() {
        List<String> rest = words.subList(position, words.size());
        position = words.size();
        return rest;
    }

    static List<String> split(String text) {
        List<String> words = new ArrayList<>(Arrays.asList(text.split("\\s+")));
        words.removeIf(String::isEmpty);
        return words;
    }
}

package dev.bmo.bot.command;

import static dev.bmo.bot.command.Syntax.ENV_WORDS;
import static dev.bmo.bot.command.Syntax.anyOrder;
import static dev.bmo.bot.command.Syntax.flag;
import static dev.bmo.bot.command.Syntax.joined;
import static dev.bmo.bot.command.Syntax.optional;
import static dev.bmo.bot.command.Syntax.optionalIfFits;
import static dev.bmo.bot.command.Syntax.required;
import static dev.bmo.bot.command.Syntax.rest;
import static dev.bmo.bot.command.Syntax.rule;
import static dev.bmo.bot.command.Syntax.word;
import static dev.bmo.bot.command.Syntax.words;

import dev.bmo.bot.command.Syntax.Rule;
import dev.bmo.bot.command.Syntax.Slot;
import dev.bmo.bot.command.Syntax.Word;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * BMO's command language, defined here and nowhere else: {@link #FORMS} has one row per verb, and a
 * row is the verb's whole definition — its pieces in order (each piece prints its part of the usage line
 * and reads its words, see {@link Syntax}), the {@link Command} it builds, a summary and an example. The
 * usage lines, {@code help}, the error replies ("I understood: ... The form is: ...") and
 * {@code bot/README.md}'s grammar section all come from these rows (GrammarTest checks the README).
 *
 * <p>Before an environment, {@code to}, {@code in} and {@code on} mean the same in every command (a usage
 * line shows one). Every name is checked against a strict pattern here (the catalog check comes after):
 * nothing outside letters, digits and a few separators gets through, so shell metacharacters, path
 * traversal ({@code ..}) and option injection ({@code -x}) in refs are refused at the door.
 */
public final class Grammar {

    /** Longest input accepted, in characters. */
    public static final int MAX_LENGTH = 500;
    /** The levels {@code journal ... level <level>} accepts, lowest first; a level means itself and above. */
    public static final List<String> LEVELS = List.of("trace", "debug", "info", "warn", "error");
    /** How far back {@code journal} looks by default, and at most. */
    public static final Duration JOURNAL_DEFAULT_LAST = Duration.ofMinutes(10);
    public static final Duration JOURNAL_MAX_LAST = Duration.ofHours(24);
    private static final int MAX_HOSTS = 20;
    private static final int MAX_WORDS = 8;
    private static final int MAX_REASON = 200;

    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,39}");
    static final Pattern HOST = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    static final Pattern REF_CHARS = Pattern.compile("[A-Za-z0-9._/-]{1,100}");
    static final Pattern DEPLOY_ID = Pattern.compile("#?([0-9]{1,12})");
    static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}._:/#@+=-]{1,64}");
    static final Pattern SPAN = Pattern.compile("([1-9][0-9]{0,3})([mhd])");
    static final Pattern LOOKBACK = Pattern.compile("([1-9][0-9]{0,5})([smhd])");

    // The values commands hold: placeholder, said when missing in place, said when missing after its keyword
    // (%s: the keyword), which words fit, how a word is checked (the checks are at the end of the class).
    static final Word<String> SERVICE = word("<service>", "Name a service.", "'%s' needs a service after it.",
            w -> NAME.matcher(w.toLowerCase(Locale.ROOT)).matches(), (raw, p) -> checkName(raw, "service", p));
    static final Word<String> REF = word("<ref>", "", "", w -> true, Grammar::checkRef, (raw, ref) -> "at " + ref);
    static final Word<String> ENV = word("<env>", "Say where: '%s <env>'.", "'%s' needs an environment after it.",
            w -> NAME.matcher(w.toLowerCase(Locale.ROOT)).matches(), (raw, p) -> checkName(raw, "environment", p))
            .openedBy(ENV_WORDS);
    static final Word<List<String>> HOSTS = word("<hosts>", "", "", w -> true, Grammar::checkHosts,
            (raw, hosts) -> "on " + String.join(",", hosts));
    static final Slot<Void> SERVICE_AT_REF = joined(SERVICE, REF, "Deploy what? Name a service.");
    static final Slot<Void> ENV_AT_HOSTS = joined(ENV, HOSTS);
    static final Word<Long> ID = word("<deploy-id>", "Which deploy? Give its id.", "'%s' needs a deploy id after it.",
            w -> DEPLOY_ID.matcher(w).matches(), Grammar::deployId, (raw, id) -> "#" + id);
    static final Word<Instant> SINCE = word("<date>", "", "'%s' needs a date after it.", w -> true, Grammar::date,
            (raw, at) -> raw.toLowerCase(Locale.ROOT));
    static final Word<Duration> LOCK_FOR = word("<duration>", "", "'%s' needs a duration after it (like 30m, 2h, 1d).",
            w -> SPAN.matcher(w).matches(), Grammar::span, (raw, d) -> raw);
    static final Word<Duration> LAST = word("<duration>", "", "'%s' needs a duration after it (like 10m or 2h, at"
            + " most 24h).", w -> true, Grammar::lookback, (raw, d) -> raw.toLowerCase(Locale.ROOT));
    static final Word<String> LEVEL = word("<level>", "", "'%s' needs a level after it: " + String.join(", ", LEVELS)
            + ".", w -> true, Grammar::level);
    static final Slot<List<String>> SEARCH_WORDS = words("<words>", "Search for what? Give at least one word.", "",
            w -> WORD.matcher(w).matches(), "'%s' is not a word I can search for (letters, digits and . _ : / # @ + ="
            + " -, at most 64).", MAX_WORDS, "At most " + MAX_WORDS + " words per search.");
    static final Slot<List<String>> GREP_WORDS = words("<words>", "", "%s for what? Give at least one word after"
            + " '%1$s'.", w -> WORD.matcher(w).matches(), "'%s' is not a word I can look for (letters, digits and . _ :"
            + " / # @ + = -, at most 64).", MAX_WORDS, "At most " + MAX_WORDS + " words after '%s'.");
    static final Slot<String> REASON = rest("reason", MAX_REASON,
            "The reason is too long (at most " + MAX_REASON + " characters).");
    static final Word<String> TOPIC = word("<command>", "", "", w -> true, Grammar::topic);

    /** One verb: its names, its rules (the ways to write it, tried by their first word), summary, example. */
    public record Form(String name, List<String> aliases, boolean bang, List<Rule> rules, String summary,
            String example) {

        /** The usage line: each rule's pieces, as help and the error replies show them. */
        public String usage() {
            String verb = name + (bang ? "[!]" : "");
            return rules.stream().map(r -> r.usage(verb)).collect(Collectors.joining(" | "));
        }

        /** Whether it takes an environment (after to, in or on). */
        public boolean takesEnvironment() {
            return usage().contains(ENV.usage());
        }

        Command read(Parse p) {
            Rule chosen = rules.get(0);
            if (p.more()) {
                String next = p.peekAsTyped();
                chosen = rules.stream().filter(r -> r.fits(next)).findFirst().orElse(chosen);
            }
            return chosen.read(p);
        }
    }

    /** Every verb, in the order help lists them. */
    public static final List<Form> FORMS = List.of(
            verb("deploy[!]", "build, package and roll out a service; ref is a branch, tag or commit (default: the"
                    + " environment's default branch), env defaults to the service's, hosts (a host or group,"
                    + " comma-separated) limits the rollout. '!' skips the skippable pre-deploy checks."
                    + " 'queue' waits for a lock instead of giving up.",
                    "deploy resizer/main to local/resizer-1",
                    rule(SERVICE_AT_REF, optional("to", ENV_AT_HOSTS), flag("queue")).builds(p -> new Command.Deploy(
                            p.forced(), p.get(SERVICE), p.get(REF), p.get(ENV), p.get(HOSTS, List.of()),
                            p.has("queue")))),
            verb("rollback", "redeploy the previous successful version; with a deploy's id, roll back the batch of a"
                    + " rollout paused by its canary analysis",
                    "rollback resizer in local",
                    rule(SERVICE, optional("in", ENV)).builds(p -> new Command.Rollback(p.get(SERVICE), p.get(ENV))),
                    rule(ID).builds(p -> new Command.Decide(p.get(ID), true))),
            verb("continue", "let a rollout paused by its canary analysis (too little traffic to judge) go on",
                    "continue 42",
                    rule(ID).builds(p -> new Command.Decide(p.get(ID), false))),
            verb("deploys|history", "deploy history: who, what, when, result, duration", "deploys resizer",
                    rule(SERVICE, optional("in", ENV)).builds(p -> new Command.Deploys(p.get(SERVICE), p.get(ENV)))
                            .reads("deploys of")),
            verb("logs|log", "a deploy's full log, or search across all deploy logs (date: 2026-01-31, today,"
                    + " yesterday, 12h, 7d)",
                    "logs search health failed in resizer since 7d",
                    rule(ID).builds(p -> new Command.Logs(p.get(ID))).reads("logs of"),
                    rule(Syntax.word("search"), SEARCH_WORDS, optional("in", SERVICE), optional("since", SINCE))
                            .builds(p -> new Command.LogSearch(p.get(SEARCH_WORDS), p.get(SERVICE), p.get(SINCE)))),
            verb("lock", "stop others deploying there (duration: 30m, 2h, 1d; at most 7d)",
                    "lock resizer in production for 2h cache migration",
                    rule(SERVICE, required("in", ENV), optionalIfFits("for", LOCK_FOR), optional(REASON)).builds(p ->
                            new Command.Lock(p.get(SERVICE), p.get(ENV), p.get(LOCK_FOR), p.get(REASON)))),
            verb("unlock", "release a lock", "unlock resizer in production",
                    rule(SERVICE, required("in", ENV)).builds(p -> new Command.Unlock(p.get(SERVICE), p.get(ENV)))),
            verb("locks", "every lock: who, why, since when, until when", "locks",
                    rule().builds(p -> new Command.Locks())),
            verb("wcid", "where can I deploy: each environment, its lock, what runs there, whether you may deploy",
                    "wcid resizer",
                    rule(SERVICE).builds(p -> new Command.Wcid(p.get(SERVICE)))),
            verb("approve", "approve a deploy that waits for a second person", "approve 42",
                    rule(ID).builds(p -> new Command.Approve(p.get(ID)))),
            verb("reject", "reject a deploy that waits for approval", "reject 42 not during the sale",
                    rule(ID, optional(REASON)).builds(p -> new Command.Reject(p.get(ID), p.get(REASON)))),
            verb("cancel", "stop a waiting or running deploy (kills its processes)", "cancel 42",
                    rule(ID).builds(p -> new Command.Cancel(p.get(ID)))),
            verb("status", "health and version of every host", "status resizer in local",
                    rule(optional(SERVICE), optional("in", ENV)).builds(p ->
                            new Command.Status(p.get(SERVICE), p.get(ENV)))),
            verb("metrics", "the figures that matter, per host and in total", "metrics resizer",
                    rule(SERVICE, optional("in", ENV)).builds(p -> new Command.Metrics(p.get(SERVICE), p.get(ENV)))
                            .reads("metrics of")),
            verb("journal", "the service's own log lines from its hosts, newest last: the last 10m by default (s, m,"
                    + " h; at most 24h), at level info and above by default (trace, debug, info, warn, error), only"
                    + " lines holding every word after grep (grep comes last). At most "
                    + "2000 lines per host are read; the newest 40 are shown, the whole answer is attached as"
                    + " a file. ('logs' is deploy logs.)",
                    "journal resizer in production last 10m level warn grep timeout",
                    rule(SERVICE, anyOrder(optional("in", ENV_AT_HOSTS), optional("last", LAST),
                            optional("level", LEVEL), optional("grep", GREP_WORDS))).builds(p -> new Command.Journal(
                                    p.get(SERVICE), p.get(ENV), p.get(HOSTS, List.of()),
                                    p.get(LAST, JOURNAL_DEFAULT_LAST), p.get(LEVEL, "info"),
                                    p.get(GREP_WORDS, List.of())))
                            .reads("journal of")),
            verb("help|?", "the commands you can use, or one command in detail", "help deploy",
                    rule(optional(TOPIC)).builds(p -> new Command.Help(p.get(TOPIC)))));

    /** Each verb and alias, lower-case, to its row. */
    private static final Map<String, Form> VERBS = new HashMap<>();

    static {
        for (Form f : FORMS) {
            VERBS.put(f.name(), f);
            f.aliases().forEach(a -> VERBS.put(a, f));
        }
    }

    private final Clock clock;

    public Grammar(Clock clock) {
        this.clock = clock;
    }

    /** The row of a verb (or of one of its aliases). */
    public static Optional<Form> form(String name) {
        return Optional.ofNullable(VERBS.get(name));
    }

    public Command parse(String input) {
        String text = input == null ? "" : input.strip();
        if (text.length() > MAX_LENGTH) {
            throw new CommandSyntaxException("That is too long: " + text.length() + " characters (at most "
                    + MAX_LENGTH + ").", null, null);
        }
        if (text.codePoints().anyMatch(c -> Character.isISOControl(c) && c != '\t')) {
            throw new CommandSyntaxException("That holds control characters; commands are plain text.", null, null);
        }
        List<String> words = Parse.split(text);
        if (!words.isEmpty() && List.of("bmo", "@bmo", "bmo:", "/bmo").contains(words.get(0).toLowerCase(Locale.ROOT))) {
            words.remove(0);
        }
        if (words.isEmpty()) {
            return new Command.Help(null);
        }
        String verb = words.get(0).toLowerCase(Locale.ROOT);
        boolean forced = verb.length() > 1 && verb.endsWith("!");
        Form form = VERBS.get(forced ? verb.substring(0, verb.length() - 1) : verb);
        if (form == null || forced && !form.bang()) {
            throw new CommandSyntaxException("I don't know the command '" + shown(verb) + "'.", null, null);
        }
        return form.read(new Parse(words.subList(1, words.size()), form, forced, clock));
    }

    /** A row: {@code names} is the verb, then its aliases ({@code "deploys|history"}); "[!]" lets it be forced. */
    private static Form verb(String names, String summary, String example, Rule... rules) {
        List<String> all = Arrays.asList(names.split("\\|"));
        boolean bang = all.get(0).endsWith("[!]");
        String name = bang ? all.get(0).substring(0, all.get(0).length() - 3) : all.get(0);
        return new Form(name, List.copyOf(all.subList(1, all.size())), bang, List.of(rules), summary, example);
    }


    // The checks of each value. Each throws through the parse, which knows what was understood so far.

    static String checkName(String raw, String what, Parse p) {
        String name = raw.toLowerCase(Locale.ROOT);
        if (!NAME.matcher(name).matches()) {
            throw p.error("'" + shown(raw) + "' is not a valid " + what + " name (letters, digits"
                    + " and '-', starting with a letter).");
        }
        return name;
    }

    /**
     * A ref as git allows it, and stricter: no leading '-' (option injection), no '..' (ranges and
     * path traversal), no '@{' (reflog syntax), no empty or hidden path components, no '.lock' end.
     */
    static String checkRef(String ref, Parse p) {
        boolean ok = REF_CHARS.matcher(ref).matches()
                && !ref.startsWith("-") && !ref.startsWith("/") && !ref.endsWith("/") && !ref.endsWith(".")
                && !ref.contains("..") && !ref.contains("//") && !ref.endsWith(".lock") && !ref.contains("/.")
                && !ref.startsWith(".");
        if (!ok) {
            throw p.error("'" + shown(ref) + "' is not a ref I accept: a branch, tag or commit of"
                    + " letters, digits and . _ / - (no '..', no leading '-' or '.', at most 100 characters).");
        }
        return ref;
    }

    static List<String> checkHosts(String raw, Parse p) {
        List<String> hosts = Arrays.asList(raw.split(",", -1));
        if (hosts.size() > MAX_HOSTS) {
            throw p.error("At most " + MAX_HOSTS + " hosts or groups.");
        }
        for (String h : hosts) {
            if (!HOST.matcher(h).matches()) {
                throw p.error("'" + shown(h) + "' is not a host or group name (letters, digits and"
                        + " . _ -, separated by commas).");
            }
        }
        return List.copyOf(hosts);
    }

    static long deployId(String raw, Parse p) {
        Matcher m = DEPLOY_ID.matcher(raw);
        if (!m.matches()) {
            throw p.error("'" + shown(raw) + "' is not a deploy id (a number like 42 or #42).");
        }
        return Long.parseLong(m.group(1));
    }

    /** A lock's duration. */
    static Duration span(String text, Parse p) {
        Matcher m = SPAN.matcher(text);
        if (!m.matches()) {
            throw p.error("'" + shown(text) + "' is not a duration (like 30m, 2h, 1d).");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        if (d.compareTo(Duration.ofDays(7)) > 0) {
            throw p.error("A lock can last at most 7 days; leave the duration out to lock until unlocked.");
        }
        return d;
    }

    /** How far back {@code journal} looks. */
    static Duration lookback(String text, Parse p) {
        Matcher m = LOOKBACK.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw p.error("'" + shown(text) + "' is not a duration (like 90s, 10m, 2h or 1d).");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        if (d.compareTo(JOURNAL_MAX_LAST) > 0) {
            throw p.error("At most 24h back ('last 24h'): BMO fetches recent lines, for older ones"
                    + " search the log store.");
        }
        return d;
    }

    static String level(String text, Parse p) {
        String lower = text.toLowerCase(Locale.ROOT);
        String level = lower.equals("warning") ? "warn" : lower;
        if (!LEVELS.contains(level)) {
            throw p.error("'" + shown(text) + "' is not a level: " + String.join(", ", LEVELS)
                    + " (each means itself and above).");
        }
        return level;
    }

    static Instant date(String text, Parse p) {
        Clock clock = p.clock();
        String lower = text.toLowerCase(Locale.ROOT);
        Instant startOfToday = LocalDate.now(clock.withZone(ZoneOffset.UTC)).atStartOfDay(ZoneOffset.UTC).toInstant();
        if (lower.equals("today")) {
            return startOfToday;
        }
        if (lower.equals("yesterday")) {
            return startOfToday.minus(1, ChronoUnit.DAYS);
        }
        Matcher m = SPAN.matcher(lower);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            ChronoUnit unit = switch (m.group(2)) {
                case "m" -> ChronoUnit.MINUTES;
                case "h" -> ChronoUnit.HOURS;
                default -> ChronoUnit.DAYS;
            };
            return clock.instant().minus(n, unit);
        }
        try {
            return LocalDate.parse(lower).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw p.error("'" + shown(text) + "' is not a date (2026-01-31, today, yesterday, 12h, 7d).");
        }
    }

    /** {@code help <command>}: a verb or alias ("deploy!" is deploy), named by its row's name. */
    static String topic(String raw, Parse p) {
        String topic = raw.toLowerCase(Locale.ROOT).replace("!", "");
        return form(topic).map(Form::name).orElseThrow(() ->
                new CommandSyntaxException("There is no command '" + shown(topic) + "'.", "help", null));
    }

    /** Echoes user input back safely: printable and short. */
    static String shown(String raw) {
        String printable = raw.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return printable.length() > 40 ? printable.substring(0, 40) + "..." : printable;
    }
}

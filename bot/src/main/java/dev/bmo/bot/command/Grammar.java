package dev.bmo.bot.command;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * BMO's command language, defined here and nowhere else (bot/README.md quotes {@link #FORMS}).
 *
 * <pre>
 * deploy[!] &lt;service&gt;[/&lt;ref&gt;] [to &lt;env&gt;[/&lt;hosts&gt;]] [queue]
 * rollback &lt;service&gt; [in &lt;env&gt;] | rollback &lt;deploy-id&gt; | continue &lt;deploy-id&gt;
 * deploys &lt;service&gt; [in &lt;env&gt;]
 * logs &lt;deploy-id&gt;
 * logs search &lt;words&gt; [in &lt;service&gt;] [since &lt;date&gt;]
 * lock &lt;service&gt; in &lt;env&gt; [for &lt;duration&gt;] [reason]
 * unlock &lt;service&gt; in &lt;env&gt;
 * locks
 * wcid &lt;service&gt;
 * approve &lt;deploy-id&gt; | reject &lt;deploy-id&gt; [reason] | cancel &lt;deploy-id&gt;
 * status [&lt;service&gt;] [in &lt;env&gt;] | metrics &lt;service&gt; [in &lt;env&gt;]
 * journal &lt;service&gt; [in &lt;env&gt;[/&lt;hosts&gt;]] [last &lt;duration&gt;] [level &lt;level&gt;] [grep &lt;words&gt;]
 * help [&lt;command&gt;]
 * </pre>
 *
 * Every name is checked against a strict pattern here (the catalog check comes after): nothing
 * outside letters, digits and a few separators gets through, so shell metacharacters, path
 * traversal ({@code ..}) and option injection ({@code -x}) in refs are refused at the door.
 */
public final class Grammar {

    /** Longest input accepted, in characters. */
    public static final int MAX_LENGTH = 500;

    /** One command's form, summary and example: the help text and the error replies use these. */
    public record Form(String name, String usage, String summary, String example) {
    }

    public static final List<Form> FORMS = List.of(
            new Form("deploy", "deploy[!] <service>[/<ref>] [to <env>[/<hosts>]] [queue]",
                    "build, package and roll out a service; ref is a branch, tag or commit (default: the"
                            + " environment's default branch), env defaults to the service's, hosts (a host or group,"
                            + " comma-separated) limits the rollout. '!' skips the skippable pre-deploy checks."
                            + " 'queue' waits for a lock instead of giving up.",
                    "deploy resizer/main to local/resizer-1"),
            new Form("rollback", "rollback <service> [in <env>] | rollback <deploy-id>",
                    "redeploy the previous successful version; with a deploy's id, roll back the batch of a"
                            + " rollout paused by its canary analysis",
                    "rollback resizer in local"),
            new Form("continue", "continue <deploy-id>",
                    "let a rollout paused by its canary analysis (too little traffic to judge) go on",
                    "continue 42"),
            new Form("deploys", "deploys <service> [in <env>]",
                    "deploy history: who, what, when, result, duration", "deploys resizer"),
            new Form("logs", "logs <deploy-id> | logs search <words> [in <service>] [since <date>]",
                    "a deploy's full log, or search across all deploy logs (date: 2026-01-31, today, yesterday,"
                            + " 12h, 7d)",
                    "logs search health failed in resizer since 7d"),
            new Form("lock", "lock <service> in <env> [for <duration>] [reason]",
                    "stop others deploying there (duration: 30m, 2h, 1d; at most 7d)",
                    "lock resizer in production for 2h cache migration"),
            new Form("unlock", "unlock <service> in <env>", "release a lock", "unlock resizer in production"),
            new Form("locks", "locks", "every lock: who, why, since when, until when", "locks"),
            new Form("wcid", "wcid <service>",
                    "where can I deploy: each environment, its lock, what runs there, whether you may deploy",
                    "wcid resizer"),
            new Form("approve", "approve <deploy-id>", "approve a deploy that waits for a second person",
                    "approve 42"),
            new Form("reject", "reject <deploy-id> [reason]", "reject a deploy that waits for approval",
                    "reject 42 not during the sale"),
            new Form("cancel", "cancel <deploy-id>", "stop a waiting or running deploy (kills its processes)",
                    "cancel 42"),
            new Form("status", "status [<service>] [in <env>]", "health and version of every host",
                    "status resizer in local"),
            new Form("metrics", "metrics <service> [in <env>]", "the figures that matter, per host and in total",
                    "metrics resizer"),
            new Form("journal",
                    "journal <service> [in <env>[/<hosts>]] [last <duration>] [level <level>] [grep <words>]",
                    "the service's own log lines from its hosts, newest last: the last 10m by default (s, m, h; at"
                            + " most 24h), at level info and above by default (trace, debug, info, warn, error), only"
                            + " lines holding every word after grep (grep comes last). At most "
                            + "2000 lines per host are read; the newest 40 are shown, the whole answer is attached as"
                            + " a file. ('logs' is deploy logs.)",
                    "journal resizer in production last 10m level warn grep timeout"),
            new Form("help", "help [<command>]", "the commands you can use, or one command in detail",
                    "help deploy"));

    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,39}");
    static final Pattern HOST = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    static final Pattern REF_CHARS = Pattern.compile("[A-Za-z0-9._/-]{1,100}");
    static final Pattern DEPLOY_ID = Pattern.compile("#?([0-9]{1,12})");
    static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}._:/#@+=-]{1,64}");
    static final Pattern SPAN = Pattern.compile("([1-9][0-9]{0,3})([mhd])");
    static final Pattern LOOKBACK = Pattern.compile("([1-9][0-9]{0,5})([smhd])");
    /** The levels {@code journal ... level <level>} accepts, lowest first; a level means itself and above. */
    public static final List<String> LEVELS = List.of("trace", "debug", "info", "warn", "error");
    /** How far back {@code journal} looks by default, and at most. */
    public static final Duration JOURNAL_DEFAULT_LAST = Duration.ofMinutes(10);
    public static final Duration JOURNAL_MAX_LAST = Duration.ofHours(24);
    private static final int MAX_HOSTS = 20;
    private static final int MAX_WORDS = 8;

    private final Clock clock;

    public Grammar(Clock clock) {
        this.clock = clock;
    }

    public static Optional<Form> form(String name) {
        return FORMS.stream().filter(f -> f.name().equals(name)).findFirst();
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
        List<String> words = new ArrayList<>(Arrays.asList(text.split("\\s+")));
        words.removeIf(String::isEmpty);
        if (!words.isEmpty() && List.of("bmo", "@bmo", "bmo:", "/bmo").contains(words.get(0).toLowerCase(Locale.ROOT))) {
            words.remove(0);
        }
        if (words.isEmpty()) {
            return new Command.Help(null);
        }
        String verb = words.get(0).toLowerCase(Locale.ROOT);
        Tokens t = new Tokens(words.subList(1, words.size()));
        return switch (verb) {
            case "deploy", "deploy!" -> deploy(t, verb.endsWith("!"));
            case "rollback" -> {
                Form f = form("rollback").orElseThrow();
                if (t.peekDeployId()) {
                    long id = t.deployId("rollback", f);
                    t.end("rollback #" + id, f);
                    yield new Command.Decide(id, true);
                }
                String service = t.name("a service", "rollback", f);
                String env = t.optionalIn("rollback " + service, f);
                t.end("rollback " + service + (env == null ? "" : " in " + env), f);
                yield new Command.Rollback(service, env);
            }
            case "deploys", "history" -> {
                Form f = form("deploys").orElseThrow();
                String service = t.name("a service", "deploys", f);
                String env = t.optionalIn("deploys of " + service, f);
                t.end("deploys of " + service, f);
                yield new Command.Deploys(service, env);
            }
            case "logs", "log" -> logs(t);
            case "lock" -> lock(t);
            case "unlock" -> {
                Form f = form("unlock").orElseThrow();
                String service = t.name("a service", "unlock", f);
                String env = t.requiredIn("unlock " + service, f);
                t.end("unlock " + service + " in " + env, f);
                yield new Command.Unlock(service, env);
            }
            case "locks" -> {
                t.end("locks", form("locks").orElseThrow());
                yield new Command.Locks();
            }
            case "wcid" -> {
                Form f = form("wcid").orElseThrow();
                String service = t.name("a service", "wcid", f);
                t.end("wcid " + service, f);
                yield new Command.Wcid(service);
            }
            case "approve" -> {
                Form f = form("approve").orElseThrow();
                long id = t.deployId("approve", f);
                t.end("approve #" + id, f);
                yield new Command.Approve(id);
            }
            case "reject" -> {
                Form f = form("reject").orElseThrow();
                long id = t.deployId("reject", f);
                yield new Command.Reject(id, t.freeText("reject #" + id, f));
            }
            case "continue" -> {
                Form f = form("continue").orElseThrow();
                long id = t.deployId("continue", f);
                t.end("continue #" + id, f);
                yield new Command.Decide(id, false);
            }
            case "cancel" -> {
                Form f = form("cancel").orElseThrow();
                long id = t.deployId("cancel", f);
                t.end("cancel #" + id, f);
                yield new Command.Cancel(id);
            }
            case "status" -> {
                Form f = form("status").orElseThrow();
                String service = t.peekIs("in") || !t.more() ? null : t.name("a service", "status", f);
                String env = t.optionalIn("status" + (service == null ? "" : " of " + service), f);
                t.end("status", f);
                yield new Command.Status(service, env);
            }
            case "metrics" -> {
                Form f = form("metrics").orElseThrow();
                String service = t.name("a service", "metrics", f);
                String env = t.optionalIn("metrics of " + service, f);
                t.end("metrics of " + service, f);
                yield new Command.Metrics(service, env);
            }
            case "journal" -> journal(t);
            case "help", "?" -> {
                String topic = t.more() ? t.next().toLowerCase(Locale.ROOT).replace("!", "") : null;
                if (topic != null && form(topic).isEmpty()) {
                    throw new CommandSyntaxException("There is no command '" + shown(topic) + "'.", "help", null);
                }
                t.end("help", form("help").orElseThrow());
                yield new Command.Help(topic);
            }
            default -> throw new CommandSyntaxException("I don't know the command '" + shown(verb) + "'.", null, null);
        };
    }

    private Command deploy(Tokens t, boolean force) {
        Form f = form("deploy").orElseThrow();
        String verb = force ? "deploy!" : "deploy";
        if (!t.more()) {
            throw new CommandSyntaxException("Deploy what? Name a service.", verb, f);
        }
        String target = t.next();
        int slash = target.indexOf('/');
        String service = checkName(slash < 0 ? target : target.substring(0, slash), "service", verb, f);
        String ref = null;
        if (slash >= 0) {
            ref = checkRef(target.substring(slash + 1), verb + " " + service, f);
        }
        String understood = verb + " " + service + (ref == null ? "" : " at " + ref);
        String env = null;
        List<String> hosts = List.of();
        if (t.peekIs("to")) {
            t.next();
            if (!t.more()) {
                throw new CommandSyntaxException("'to' needs an environment after it.", understood, f);
            }
            String where = t.next();
            int s = where.indexOf('/');
            env = checkName(s < 0 ? where : where.substring(0, s), "environment", understood, f);
            if (s >= 0) {
                hosts = checkHosts(where.substring(s + 1), understood + " to " + env, f);
            }
            understood += " to " + env + (hosts.isEmpty() ? "" : " on " + String.join(",", hosts));
        }
        boolean queue = false;
        if (t.peekIs("queue")) {
            t.next();
            queue = true;
        }
        t.end(understood, f);
        return new Command.Deploy(force, service, ref, env, hosts, queue);
    }

    private Command logs(Tokens t) {
        Form f = form("logs").orElseThrow();
        if (!t.peekIs("search")) {
            long id = t.deployId("logs", f);
            t.end("logs of #" + id, f);
            return new Command.Logs(id);
        }
        t.next();
        List<String> words = new ArrayList<>();
        while (t.more() && !t.peekIs("in") && !t.peekIs("since")) {
            String w = t.next();
            if (!WORD.matcher(w).matches()) {
                throw new CommandSyntaxException("'" + shown(w) + "' is not a word I can search for (letters, digits"
                        + " and . _ : / # @ + = -, at most 64).", "logs search", f);
            }
            words.add(w);
        }
        if (words.isEmpty()) {
            throw new CommandSyntaxException("Search for what? Give at least one word.", "logs search", f);
        }
        if (words.size() > MAX_WORDS) {
            throw new CommandSyntaxException("At most " + MAX_WORDS + " words per search.", "logs search", f);
        }
        String understood = "logs search for " + String.join(" ", words);
        String service = null;
        if (t.peekIs("in")) {
            t.next();
            service = t.name("a service after 'in'", understood, f);
            understood += " in " + service;
        }
        Instant since = null;
        if (t.peekIs("since")) {
            t.next();
            if (!t.more()) {
                throw new CommandSyntaxException("'since' needs a date after it.", understood, f);
            }
            since = date(t.next(), understood, f);
        }
        t.end(understood, f);
        return new Command.LogSearch(List.copyOf(words), service, since);
    }

    /**
     * {@code journal <service> [in <env>[/<hosts>]] [last <duration>] [level <level>] [grep <words>]}: the options
     * in any order, each once; grep takes the rest of the line, so it comes last.
     */
    private Command journal(Tokens t) {
        Form f = form("journal").orElseThrow();
        String service = t.name("a service", "journal", f);
        String understood = "journal of " + service;
        String env = null;
        List<String> hosts = List.of();
        Duration last = null;
        String level = null;
        List<String> words = new ArrayList<>();
        while (t.more()) {
            String keyword = t.next().toLowerCase(Locale.ROOT);
            switch (keyword) {
                case "in" -> {
                    once(env, "in", understood, f);
                    if (!t.more()) {
                        throw new CommandSyntaxException("'in' needs an environment after it.", understood, f);
                    }
                    String where = t.next();
                    int s = where.indexOf('/');
                    env = checkName(s < 0 ? where : where.substring(0, s), "environment", understood, f);
                    if (s >= 0) {
                        hosts = checkHosts(where.substring(s + 1), understood + " in " + env, f);
                    }
                    understood += " in " + env + (hosts.isEmpty() ? "" : " on " + String.join(",", hosts));
                }
                case "last" -> {
                    once(last, "last", understood, f);
                    if (!t.more()) {
                        throw new CommandSyntaxException("'last' needs a duration after it (like 10m or 2h, at most"
                                + " 24h).", understood, f);
                    }
                    String span = t.next();
                    last = lookback(span, understood, f);
                    understood += " for the last " + span.toLowerCase(Locale.ROOT);
                }
                case "level" -> {
                    once(level, "level", understood, f);
                    if (!t.more()) {
                        throw new CommandSyntaxException("'level' needs a level after it: "
                                + String.join(", ", LEVELS) + ".", understood, f);
                    }
                    level = level(t.next(), understood, f);
                    understood += " at " + level + " and above";
                }
                case "grep" -> {
                    while (t.more()) {
                        String w = t.next();
                        if (!WORD.matcher(w).matches()) {
                            throw new CommandSyntaxException("'" + shown(w) + "' is not a word I can look for (letters,"
                                    + " digits and . _ : / # @ + = -, at most 64).", understood, f);
                        }
                        words.add(w);
                    }
                    if (words.isEmpty()) {
                        throw new CommandSyntaxException("grep for what? Give at least one word after 'grep'.",
                                understood, f);
                    }
                    if (words.size() > MAX_WORDS) {
                        throw new CommandSyntaxException("At most " + MAX_WORDS + " words after 'grep'.", understood, f);
                    }
                }
                default -> throw new CommandSyntaxException("I did not expect '" + shown(keyword) + "' there: after"
                        + " the service come 'in <env>', 'last <duration>', 'level <level>' and 'grep <words>'.",
                        understood, f);
            }
        }
        return new Command.Journal(service, env, hosts, last == null ? JOURNAL_DEFAULT_LAST : last,
                level == null ? "info" : level, words);
    }

    private static void once(Object seen, String keyword, String understood, Form f) {
        if (seen != null) {
            throw new CommandSyntaxException("'" + keyword + "' may come only once.", understood, f);
        }
    }

    private static Duration lookback(String text, String understood, Form f) {
        Matcher m = LOOKBACK.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new CommandSyntaxException("'" + shown(text) + "' is not a duration (like 90s, 10m, 2h or 1d).",
                    understood, f);
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        if (d.compareTo(JOURNAL_MAX_LAST) > 0) {
            throw new CommandSyntaxException("At most 24h back ('last 24h'): BMO fetches recent lines, for older ones"
                    + " search the log store.", understood, f);
        }
        return d;
    }

    private static String level(String text, String understood, Form f) {
        String lower = text.toLowerCase(Locale.ROOT);
        String level = lower.equals("warning") ? "warn" : lower;
        if (!LEVELS.contains(level)) {
            throw new CommandSyntaxException("'" + shown(text) + "' is not a level: " + String.join(", ", LEVELS)
                    + " (each means itself and above).", understood, f);
        }
        return level;
    }

    private Command lock(Tokens t) {
        Form f = form("lock").orElseThrow();
        String service = t.name("a service", "lock", f);
        String env = t.requiredIn("lock " + service, f);
        String understood = "lock " + service + " in " + env;
        Duration duration = null;
        if (t.peekIs("for") && t.size() > t.position + 1 && SPAN.matcher(t.words.get(t.position + 1)).matches()) {
            t.next();
            duration = span(t.next(), understood, f);
            understood += " for " + duration;
        }
        return new Command.Lock(service, env, duration, t.freeText(understood, f));
    }

    private static Duration span(String text, String understood, Form f) {
        Matcher m = SPAN.matcher(text);
        if (!m.matches()) {
            throw new CommandSyntaxException("'" + shown(text) + "' is not a duration (like 30m, 2h, 1d).",
                    understood, f);
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        if (d.compareTo(Duration.ofDays(7)) > 0) {
            throw new CommandSyntaxException("A lock can last at most 7 days; leave the duration out to lock until"
                    + " unlocked.", understood, f);
        }
        return d;
    }

    private Instant date(String text, String understood, Form f) {
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
            throw new CommandSyntaxException("'" + shown(text) + "' is not a date (2026-01-31, today, yesterday, 12h,"
                    + " 7d).", understood, f);
        }
    }

    static String checkName(String raw, String what, String understood, Form f) {
        String name = raw.toLowerCase(Locale.ROOT);
        if (!NAME.matcher(name).matches()) {
            throw new CommandSyntaxException("'" + shown(raw) + "' is not a valid " + what + " name (letters, digits"
                    + " and '-', starting with a letter).", understood, f);
        }
        return name;
    }

    /**
     * A ref as git allows it, and stricter: no leading '-' (option injection), no '..' (ranges and
     * path traversal), no '@{' (reflog syntax), no empty or hidden path components, no '.lock' end.
     */
    static String checkRef(String ref, String understood, Form f) {
        boolean ok = REF_CHARS.matcher(ref).matches()
                && !ref.startsWith("-") && !ref.startsWith("/") && !ref.endsWith("/") && !ref.endsWith(".")
                && !ref.contains("..") && !ref.contains("//") && !ref.endsWith(".lock") && !ref.contains("/.")
                && !ref.startsWith(".");
        if (!ok) {
            throw new CommandSyntaxException("'" + shown(ref) + "' is not a ref I accept: a branch, tag or commit of"
                    + " letters, digits and . _ / - (no '..', no leading '-' or '.', at most 100 characters).",
                    understood, f);
        }
        return ref;
    }

    static List<String> checkHosts(String raw, String understood, Form f) {
        List<String> hosts = Arrays.asList(raw.split(",", -1));
        if (hosts.size() > MAX_HOSTS) {
            throw new CommandSyntaxException("At most " + MAX_HOSTS + " hosts or groups.", understood, f);
        }
        for (String h : hosts) {
            if (!HOST.matcher(h).matches()) {
                throw new CommandSyntaxException("'" + shown(h) + "' is not a host or group name (letters, digits and"
                        + " . _ -, separated by commas).", understood, f);
            }
        }
        return List.copyOf(hosts);
    }

    /** Echoes user input back safely: printable and short. */
    static String shown(String raw) {
        String printable = raw.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return printable.length() > 40 ? printable.substring(0, 40) + "..." : printable;
    }

    /** The words after the verb, consumed left to right. */
    private static final class Tokens {
        private final List<String> words;
        private int position;

        Tokens(List<String> words) {
            this.words = words;
        }

        int size() {
            return words.size();
        }

        boolean more() {
            return position < words.size();
        }

        String next() {
            return words.get(position++);
        }

        boolean peekIs(String keyword) {
            return more() && words.get(position).equalsIgnoreCase(keyword);
        }

        String name(String what, String understood, Form f) {
            if (!more()) {
                throw new CommandSyntaxException("Name " + what + ".", understood, f);
            }
            return checkName(next(), what.replace("a ", "").replace(" after 'in'", ""), understood, f);
        }

        String optionalIn(String understood, Form f) {
            if (!peekIs("in")) {
                return null;
            }
            next();
            if (!more()) {
                throw new CommandSyntaxException("'in' needs an environment after it.", understood, f);
            }
            return checkName(next(), "environment", understood, f);
        }

        String requiredIn(String understood, Form f) {
            if (!peekIs("in")) {
                throw new CommandSyntaxException("Say where: 'in <env>'.", understood, f);
            }
            return optionalIn(understood, f);
        }

        /** Whether the next word is a deploy id (a number, #42), not a name. */
        boolean peekDeployId() {
            return more() && DEPLOY_ID.matcher(words.get(position)).matches();
        }

        long deployId(String understood, Form f) {
            if (!more()) {
                throw new CommandSyntaxException("Which deploy? Give its id.", understood, f);
            }
            String raw = next();
            Matcher m = DEPLOY_ID.matcher(raw);
            if (!m.matches()) {
                throw new CommandSyntaxException("'" + shown(raw) + "' is not a deploy id (a number like 42 or #42).",
                        understood, f);
            }
            return Long.parseLong(m.group(1));
        }

        /** The rest of the line as free text (a lock reason): printable, at most 200 characters. */
        String freeText(String understood, Form f) {
            String text = String.join(" ", words.subList(position, words.size()));
            position = words.size();
            if (text.length() > 200) {
                throw new CommandSyntaxException("The reason is too long (at most 200 characters).", understood, f);
            }
            return text.isEmpty() ? null : text;
        }

        void end(String understood, Form f) {
            if (more()) {
                throw new CommandSyntaxException("I did not expect '" + shown(words.get(position)) + "' there.",
                        understood, f);
            }
        }
    }
}

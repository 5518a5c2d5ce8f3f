package dev.bmo.bot.command;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The pieces {@link Grammar}'s rows are made of. Each piece prints its own part of the usage line and
 * reads its own words, so a form's usage and its parsing are one declaration and cannot drift apart.
 */
final class Syntax {

    /** Before an environment, these words mean the same in every command; a form shows the one it names. */
    static final List<String> ENV_WORDS = List.of("to", "in", "on");

    private Syntax() {
    }

    /** A piece of a form: what it prints in the usage line, and how it reads its words. */
    interface Part {

        String usage();

        /** The words that open this piece (its keyword and synonyms); empty for a value read in place. */
        default Set<String> opens() {
            return Set.of();
        }

        /** Whether this piece would read {@code word}: chooses between a verb's alternatives. */
        boolean fits(String word);

        /** Reads its words; {@code stops} are the words that open the pieces after it. */
        void read(Parse p, Set<String> stops);
    }

    /**
     * A value a command holds ({@code <service>}, {@code <env>}): how it shows in a usage line, what BMO
     * says when it is missing, how its words are read and checked. Read in place it is a required
     * {@link Part}; a parse keeps its value under the slot, and a row's builder gets it back typed with
     * {@link Parse#get}. Slots are shared by every parse: they keep nothing of their own.
     */
    abstract static class Slot<T> implements Part {
        private final String usage;
        /** Said when the value is missing where it is required ({@code %s}: the form's keyword before it). */
        final String missing;
        /** Said when the keyword before it is not followed by a value ({@code %s}: the keyword as typed). */
        final String needs;
        /** The words that open it wherever a form puts a keyword before it (the environment's: to, in, on). */
        final List<String> keywords;

        Slot(String usage, String missing, String needs, List<String> keywords) {
            this.usage = usage;
            this.missing = missing;
            this.needs = needs;
            this.keywords = keywords;
        }

        @Override
        public String usage() {
            return usage;
        }

        @Override
        public void read(Parse p, Set<String> stops) {
            read(p, null, null, stops);
        }

        /** Reads the value after {@code keyword} (typed as {@code typed}), or in place when both are null. */
        final void read(Parse p, String keyword, String typed, Set<String> stops) {
            p.pending(keyword);
            readValue(p, typed, stops);
        }

        /** Reads and checks the value's words, keeps and echoes it (or throws). */
        abstract void readValue(Parse p, String typed, Set<String> stops);

        CommandSyntaxException missing(Parse p, String typed) {
            return p.error((typed == null ? missing : needs).formatted(typed));
        }
    }

    /** Checks one word, returns its value or throws with {@link Parse#error}. */
    interface Check<T> {
        T check(String raw, Parse p);
    }

    /** A one-word value. */
    static final class Word<T> extends Slot<T> {
        private final Predicate<String> fits;
        private final Check<T> check;
        private final BiFunction<String, T, String> shows;

        Word(String usage, String missing, String needs, List<String> keywords, Predicate<String> fits,
                Check<T> check, BiFunction<String, T, String> shows) {
            super(usage, missing, needs, keywords);
            this.fits = fits;
            this.check = check;
            this.shows = shows;
        }

        @Override
        public boolean fits(String word) {
            return fits.test(word);
        }

        @Override
        void readValue(Parse p, String typed, Set<String> stops) {
            if (!p.more()) {
                throw missing(p, typed);
            }
            take(p, p.next());
        }

        /** Checks {@code word}, keeps its value and echoes it. */
        void take(Parse p, String word) {
            T value = check.check(word, p);
            p.put(this, value);
            p.echo(shows.apply(word, value));
        }

        /** The same value, opened by any of {@code words} wherever a form puts one of them before it. */
        Word<T> openedBy(List<String> words) {
            return new Word<>(usage(), missing, needs, words, fits, check, shows);
        }
    }

    /** A one-word value, echoed as its value. */
    static <T> Word<T> word(String usage, String missing, String needs, Predicate<String> fits, Check<T> check) {
        return new Word<>(usage, missing, needs, List.of(), fits, check, (raw, value) -> String.valueOf(value));
    }

    /** A one-word value echoed as {@code shows} makes of the word as typed and its value ("#42", "at main"). */
    static <T> Word<T> word(String usage, String missing, String needs, Predicate<String> fits, Check<T> check,
            BiFunction<String, T, String> shows) {
        return new Word<>(usage, missing, needs, List.of(), fits, check, shows);
    }

    /** {@code <a>[/<b>]}: one word, the part after the first '/' read as {@code b} (a ref, hosts). */
    static Slot<Void> joined(Word<?> a, Word<?> b) {
        return joined(a, b, a.missing);
    }

    /** {@code <a>[/<b>]}, saying {@code missing} when it is missing in place. */
    static Slot<Void> joined(Word<?> a, Word<?> b, String missing) {
        return new Slot<>(a.usage() + "[/" + b.usage() + "]", missing, a.needs, a.keywords) {
            @Override
            public boolean fits(String word) {
                int slash = word.indexOf('/');
                return a.fits(slash < 0 ? word : word.substring(0, slash));
            }

            @Override
            void readValue(Parse p, String typed, Set<String> stops) {
                if (!p.more()) {
                    throw missing(p, typed);
                }
                String raw = p.next();
                int slash = raw.indexOf('/');
                a.take(p, slash < 0 ? raw : raw.substring(0, slash));
                if (slash >= 0) {
                    b.take(p, raw.substring(slash + 1));
                }
            }
        };
    }

    /** {@code [<slot>]}: read in place when a word is left that opens nothing after it. */
    static Part optional(Part slot) {
        return new Part() {
            @Override
            public String usage() {
                return "[" + slot.usage() + "]";
            }

            @Override
            public boolean fits(String word) {
                return slot.fits(word);
            }

            @Override
            public void read(Parse p, Set<String> stops) {
                if (p.more() && !stops.contains(p.peek())) {
                    slot.read(p, stops);
                }
            }
        };
    }

    /** {@code [keyword <slot>]}. */
    static Part optional(String keyword, Slot<?> slot) {
        return new Keyword(keyword, slot, false, false);
    }

    /**
     * {@code [keyword <slot>]} before free text: the keyword counts only when the word after it fits the
     * slot ({@code lock ... for the night}: 'for' is part of the reason).
     */
    static Part optionalIfFits(String keyword, Slot<?> slot) {
        return new Keyword(keyword, slot, false, true);
    }

    /** {@code keyword <slot>}: it must be there. */
    static Part required(String keyword, Slot<?> slot) {
        return new Keyword(keyword, slot, true, false);
    }

    /** A keyword and the value after it; the slot's synonyms open it too (to|in|on for an environment). */
    record Keyword(String keyword, Slot<?> slot, boolean required, boolean onlyIfFits) implements Part {

        @Override
        public String usage() {
            String inner = keyword + " " + slot.usage();
            return required ? inner : "[" + inner + "]";
        }

        @Override
        public Set<String> opens() {
            // an environment is opened by to, in and on in every form, whichever of them the form shows
            Set<String> words = new LinkedHashSet<>(List.of(keyword));
            words.addAll(slot.keywords);
            return words;
        }

        @Override
        public boolean fits(String word) {
            return opens().contains(word.toLowerCase(Locale.ROOT));
        }

        @Override
        public void read(Parse p, Set<String> stops) {
            boolean here = p.more() && opens().contains(p.peek())
                    && (!onlyIfFits || p.remaining() > 1 && slot.fits(p.peekAsTyped(1)));
            if (!here) {
                if (required) {
                    throw p.error(slot.missing.formatted(keyword));
                }
                return;
            }
            String typed = p.next().toLowerCase(Locale.ROOT);
            // echoed with the form's own keyword: "on local" is understood as "in local"
            slot.read(p, keyword, typed, stops);
        }
    }

    /**
     * A value of several words, up to the next word that opens a later piece (or the end of the line):
     * each must fit {@code fitsWord} ({@code badWord}, {@code %s}: the word), at most {@code most}
     * ({@code tooMany}, {@code %s}: the keyword before them).
     */
    static Slot<List<String>> words(String usage, String missing, String needs, Predicate<String> fitsWord,
            String badWord, int most, String tooMany) {
        return new Slot<>(usage, missing, needs, List.of()) {
            @Override
            public boolean fits(String word) {
                return fitsWord.test(word);
            }

            @Override
            void readValue(Parse p, String typed, Set<String> stops) {
                List<String> words = new ArrayList<>();
                while (p.more() && !stops.contains(p.peek())) {
                    String w = p.next();
                    if (!fitsWord.test(w)) {
                        throw p.error(badWord.formatted(Grammar.shown(w)));
                    }
                    words.add(w);
                }
                if (words.isEmpty()) {
                    throw missing(p, typed);
                }
                if (words.size() > most) {
                    throw p.error(tooMany.formatted(typed));
                }
                p.put(this, List.copyOf(words));
                p.echo(String.join(" ", words));
            }
        };
    }

    /** Free text to the end of the line ({@code reason}): at most {@code most} characters; not echoed. */
    static Slot<String> rest(String usage, int most, String tooLong) {
        return new Slot<>(usage, "", "", List.of()) {
            @Override
            public boolean fits(String word) {
                return true;
            }

            @Override
            void readValue(Parse p, String typed, Set<String> stops) {
                String text = String.join(" ", p.rest());
                if (text.length() > most) {
                    throw p.error(tooLong);
                }
                if (!text.isEmpty()) {
                    p.put(this, text);
                }
            }
        };
    }

    /** A word that must be there as written ({@code logs search}): chooses the alternative. */
    static Part word(String word) {
        return new Literal(word, true);
    }

    /** {@code [word]}: a flag ({@code queue}); {@link Parse#has} tells whether it was given. */
    static Part flag(String word) {
        return new Literal(word, false);
    }

    /** A word as written: required (it chooses a form) or a flag. */
    record Literal(String word, boolean required) implements Part {

        @Override
        public String usage() {
            return required ? word : "[" + word + "]";
        }

        @Override
        public Set<String> opens() {
            return Set.of(word);
        }

        @Override
        public boolean fits(String w) {
            return w.equalsIgnoreCase(word);
        }

        @Override
        public void read(Parse p, Set<String> stops) {
            if (p.more() && fits(p.peek())) {
                p.next();
                if (!required) {
                    p.flag(word);
                }
                p.echo(word);
            } else if (required) {
                throw p.error("Say '" + word + "' here.");
            }
        }
    }

    /** Optional pieces in any order, each at most once ({@code journal}'s options). */
    static Part anyOrder(Part... parts) {
        List<Part> members = List.of(parts);
        return new Part() {
            @Override
            public String usage() {
                return members.stream().map(Part::usage).collect(Collectors.joining(" "));
            }

            @Override
            public Set<String> opens() {
                return members.stream().flatMap(m -> m.opens().stream()).collect(Collectors.toSet());
            }

            @Override
            public boolean fits(String word) {
                return members.stream().anyMatch(m -> m.fits(word));
            }

            @Override
            public void read(Parse p, Set<String> stops) {
                Set<Part> seen = new HashSet<>();
                while (p.more() && !stops.contains(p.peek())) {
                    String word = p.peek();
                    Part m = members.stream().filter(x -> x.opens().contains(word)).findFirst().orElseThrow(() ->
                            p.error("I did not expect '" + Grammar.shown(p.peekAsTyped()) + "' there: here come "
                                    + members.stream().map(x -> "'" + shortUsage(x) + "'").collect(and())
                                    + ", in any order, each once."));
                    if (!seen.add(m)) {
                        throw p.error("'" + word + "' may come only once" + (m.opens().size() > 1 ? " (" + m.opens()
                                .stream().map(x -> "'" + x + "'").collect(and()) + " mean the same)" : "") + ".");
                    }
                    m.read(p, stops);
                }
            }
        };
    }

    /** {@code in <env>} for {@code [in <env>[/<hosts>]]}: the keyword and the slot's first placeholder. */
    private static String shortUsage(Part part) {
        if (part instanceof Keyword k) {
            String usage = k.slot().usage();
            int bracket = usage.indexOf('[');
            return k.keyword() + " " + (bracket > 0 ? usage.substring(0, bracket) : usage);
        }
        return part.usage();
    }

    /** "'a', 'b' and 'c'". */
    static java.util.stream.Collector<CharSequence, ?, String> and() {
        return Collectors.collectingAndThen(Collectors.toList(), l -> l.size() < 2 ? String.join("", l)
                : String.join(", ", l.subList(0, l.size() - 1)) + " and " + l.get(l.size() - 1));
    }

    /**
     * One way to write a verb: its pieces in order, what it builds, and how "I understood" reads it.
     *
     * @param reads how "I understood" starts once something is read ("journal of"); null: the verb
     */
    record Rule(List<Part> parts, Function<Parse, Command> builds, String reads) {

        Rule reads(String text) {
            return new Rule(parts, builds, text);
        }

        String usage(String verb) {
            return parts.isEmpty() ? verb
                    : verb + " " + parts.stream().map(Part::usage).collect(Collectors.joining(" "));
        }

        boolean fits(String word) {
            return !parts.isEmpty() && parts.get(0).fits(word);
        }

        Command read(Parse p) {
            p.reads(reads);
            for (int i = 0; i < parts.size(); i++) {
                Set<String> stops = new HashSet<>();
                parts.subList(i + 1, parts.size()).forEach(later -> stops.addAll(later.opens()));
                parts.get(i).read(p, stops);
            }
            if (p.more()) {
                throw p.error("I did not expect '" + Grammar.shown(p.peekAsTyped()) + "' there.");
            }
            return builds.apply(p);
        }
    }

    /** {@code rule(parts...).builds(p -> new Command...)}. */
    static RuleStart rule(Part... parts) {
        return builds -> new Rule(List.of(parts), builds, null);
    }

    interface RuleStart {
        Rule builds(Function<Parse, Command> builds);
    }
}

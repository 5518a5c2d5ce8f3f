package dev.bmo.bot.deploy;

import dev.bmo.bot.git.CompareLink;
import dev.bmo.bot.git.GitRepo;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A requested commit and what it changes against what the environment runs now (the last successful
 * deploy's commit): shown in the request's reply and in the approval request, so that whoever
 * approves knows what they approve.
 *
 * @param running the commit the environment runs, or null when nothing was deployed there yet
 * @param ahead   commits {@code commit} has that {@code running} has not (-1 when unknown)
 * @param log     {@code git log --oneline running..commit}, newest first, at most {@link #LOG_LINES}
 * @param modules the modules (directories with a build file) the change touches, sorted
 */
public record RequestedChange(String commit, String subject, String author, String running, int ahead,
        List<String> log, List<String> modules, String compareLink) {

    static final int LOG_LINES = 10;
    private static final List<String> BUILD_FILES = List.of("pom.xml", "package.json", "go.mod", "Cargo.toml",
            "build.gradle", "build.gradle.kts");

    static RequestedChange of(GitRepo git, String commit, String running) {
        String subject = git.subject(commit);
        String author = git.author(commit);
        if (running == null || running.equals(commit)) {
            return new RequestedChange(commit, subject, author, running, 0, List.of(), List.of(), null);
        }
        int ahead = git.commitsBetween(running, commit);
        List<String> log = ahead > 0 ? git.log(running, commit, LOG_LINES) : List.of();
        List<String> changed = git.changedFiles(running, commit);
        List<String> modules = changed.isEmpty() ? List.of() : modules(git.files(commit), changed);
        String link = git.origin().flatMap(o -> CompareLink.of(o, running, commit)).orElse(null);
        return new RequestedChange(commit, subject, author, running, ahead, log, modules, link);
    }

    /** For each changed file the deepest directory holding a build file; "(top level)" outside any. */
    static List<String> modules(List<String> files, List<String> changed) {
        Set<String> moduleDirs = new LinkedHashSet<>();
        for (String f : files) {
            int slash = f.lastIndexOf('/');
            if (slash > 0 && BUILD_FILES.contains(f.substring(slash + 1))) {
                moduleDirs.add(f.substring(0, slash));
            }
        }
        Set<String> touched = new TreeSet<>();
        for (String f : changed) {
            String best = null;
            for (String dir : moduleDirs) {
                if (f.startsWith(dir + "/") && (best == null || dir.length() > best.length())) {
                    best = dir;
                }
            }
            touched.add(best == null ? "(top level)" : best);
        }
        return List.copyOf(touched);
    }

    private static String shortId(String c) {
        return c.substring(0, Math.min(12, c.length()));
    }

    /** One line: short id, subject, author and the distance from what runs in {@code env}. */
    public String summary(String env) {
        StringBuilder b = new StringBuilder(shortId(commit)).append(" \"").append(subject).append("\" by ")
                .append(author);
        if (running != null) {
            String from = shortId(running);
            b.append(running.equals(commit) ? "; it runs in " + env + " already"
                    : ahead > 0 ? "; " + ahead + " commit(s) after " + from + ", which runs in " + env
                    : "; not a descendant of " + from + ", which runs in " + env);
        } else {
            b.append("; nothing of it runs in ").append(env).append(" yet");
        }
        return b.toString();
    }

    /** The lines under the summary: the commits it brings, the modules it touches, the compare link. */
    public List<String> details() {
        List<String> lines = new ArrayList<>();
        log.forEach(l -> lines.add("  " + l));
        if (ahead > log.size() && !log.isEmpty()) {
            lines.add("  ... and " + (ahead - log.size()) + " more");
        }
        if (!modules.isEmpty()) {
            lines.add("modules touched: " + String.join(", ", modules));
        }
        if (compareLink != null) {
            lines.add("compare: " + compareLink);
        }
        return lines;
    }
}

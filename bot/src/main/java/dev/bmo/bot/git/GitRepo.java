package dev.bmo.bot.git;

import dev.bmo.bot.process.Cancellation;
import dev.bmo.bot.process.CommandRunner;
import dev.bmo.bot.process.ProcessResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** The repository BMO deploys from: resolving refs and making clean worktrees of one commit. */
public class GitRepo {

    private final Path dir;

    public GitRepo(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** The URL of the remote {@code origin}, when this repository has one (BMO's checkout is a clone). */
    public Optional<String> origin() {
        ProcessResult r = git(Duration.ofSeconds(10), null, "remote", "get-url", "origin");
        return r.ok() && !r.tail().isEmpty() ? Optional.of(r.tail().get(0).strip()) : Optional.empty();
    }

    /**
     * Brings {@code origin}'s branches and tags up to date (nothing to do without a remote).
     *
     * @throws IllegalStateException with git's reason when the remote cannot be fetched in time: a
     *                               deploy must not ship what this clone last saw
     */
    public void fetch(Duration timeout) {
        Optional<String> url = origin();
        if (url.isEmpty()) {
            return;
        }
        ProcessResult r = git(timeout, null, "fetch", "--quiet", "--prune", "--tags", "origin");
        if (!r.ok()) {
            throw new IllegalStateException("could not fetch " + url.get() + (r.timedOut() ? " within " + timeout
                    : ": " + String.join(" ", r.tail()).strip()));
        }
    }

    /**
     * The commit a branch, tag or commit id names ({@code --end-of-options}: a ref can never be read
     * as an option). Where there is a remote, its branch comes first (what was pushed, not what this
     * clone's own branch last saw); then local branches, tags and commit ids.
     */
    public Optional<String> resolve(String ref) {
        List<String> candidates = !"HEAD".equals(ref) && origin().isPresent()
                ? List.of("refs/remotes/origin/" + ref, ref) : List.of(ref, "refs/remotes/origin/" + ref);
        for (String candidate : candidates) {
            ProcessResult r = git(Duration.ofSeconds(30), null, "rev-parse", "--verify", "--quiet", "--end-of-options",
                    candidate + "^{commit}");
            if (r.ok() && !r.tail().isEmpty()) {
                return Optional.of(r.tail().get(r.tail().size() - 1).strip());
            }
        }
        return Optional.empty();
    }

    /** Whether the commit is in the history of the branch. */
    public boolean isAncestor(String commit, String branch) {
        String target = resolve(branch).orElse(null);
        if (target == null) {
            return false;
        }
        return git(Duration.ofSeconds(30), null, "merge-base", "--is-ancestor", commit, target).exitCode() == 0;
    }

    /** Who wrote a commit ({@code %an}). */
    public String author(String commit) {
        ProcessResult r = git(Duration.ofSeconds(30), null, "log", "-1", "--format=%an", commit, "--");
        return r.ok() && !r.tail().isEmpty() ? r.tail().get(0) : "";
    }

    /** How many commits {@code to} has that {@code from} has not ({@code git rev-list --count from..to}); -1 if unknown. */
    public int commitsBetween(String from, String to) {
        ProcessResult r = git(Duration.ofSeconds(30), null, "rev-list", "--count", from + ".." + to, "--");
        try {
            return r.ok() && !r.tail().isEmpty() ? Integer.parseInt(r.tail().get(r.tail().size() - 1).strip()) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public String subject(String commit) {
        ProcessResult r = git(Duration.ofSeconds(30), null, "log", "-1", "--format=%s", commit, "--");
        return r.ok() && !r.tail().isEmpty() ? r.tail().get(0) : "";
    }

    /**
     * Makes this directory a bare repository whose {@code origin} is the URL, fetched as a clone's
     * remote is ({@code refs/remotes/origin/*}), so {@link #resolve} reads what was pushed there.
     */
    public void initMirror(String url) {
        run("init", "--quiet", "--bare", ".");
        run("remote", "add", "origin", url);
    }

    public void setOrigin(String url) {
        run("remote", "set-url", "origin", url);
    }

    /**
     * The files changed between two commits ({@code git diff --name-only from to}), and the
     * directories of the new commit holding a build file (pom.xml, package.json, go.mod, Cargo.toml,
     * build.gradle): the modules a path belongs to.
     */
    public List<String> changedFiles(String from, String to) {
        return lines("diff", "--name-only", "--no-renames", from, to, "--");
    }

    public List<String> files(String commit) {
        return lines("ls-tree", "-r", "--name-only", commit);
    }

    /** {@code git log --oneline} of what {@code to} has that {@code from} has not, newest first, at most {@code max}. */
    public List<String> log(String from, String to, int max) {
        return lines("log", "--format=%h %s", "--max-count=" + max, from + ".." + to, "--");
    }

    /** A detached worktree of exactly this commit: the working copy BMO runs from is never built. */
    public void addWorktree(Path target, String commit, Cancellation cancel) {
        ProcessResult r = git(Duration.ofMinutes(5), cancel, "worktree", "add", "--detach", "--force",
                target.toString(), commit);
        if (!r.ok()) {
            throw new IllegalStateException("git worktree add failed: " + r.tailText());
        }
    }

    public void removeWorktree(Path target) {
        git(Duration.ofMinutes(2), null, "worktree", "remove", "--force", target.toString());
        git(Duration.ofMinutes(1), null, "worktree", "prune");
    }

    /** Every line git prints (at most 200,000; empty when git fails). */
    private List<String> lines(String... args) {
        List<String> out = new ArrayList<>();
        ProcessResult r = git(Duration.ofSeconds(30), null, line -> {
            if (out.size() < 200_000 && !line.isBlank()) {
                out.add(line.strip());
            }
        }, args);
        return r.ok() ? out : List.of();
    }

    private void run(String... args) {
        ProcessResult r = git(Duration.ofSeconds(30), null, args);
        if (!r.ok()) {
            throw new IllegalStateException("git " + args[0] + " failed in " + dir + ": " + r.tailText());
        }
    }

    private ProcessResult git(Duration timeout, Cancellation cancel, String... args) {
        return git(timeout, cancel, line -> { }, args);
    }

    /** Runs git in this repository, never prompting; {@code stdout} gets each line it prints. */
    private ProcessResult git(Duration timeout, Cancellation cancel, Consumer<String> stdout, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        try {
            return CommandRunner.run(new CommandRunner.Spec(command, dir, Map.of("GIT_TERMINAL_PROMPT", "0"), timeout,
                    stdout, line -> { }, cancel));
        } catch (IOException e) {
            throw new UncheckedIOException("could not run git: " + e.getMessage(), e);
        }
    }
}

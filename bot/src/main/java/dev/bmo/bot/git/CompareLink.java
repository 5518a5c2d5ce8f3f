package dev.bmo.bot.git;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The web page comparing two commits, for remotes on a forge BMO knows (GitHub, GitLab, including
 * self-hosted ones named github.* or gitlab.*), from the remote's URL in any of its usual forms:
 * {@code https://github.com/o/r.git}, {@code git@github.com:o/r.git}, {@code ssh://git@gitlab.example.com/g/r}.
 */
public final class CompareLink {

    private static final Pattern SCP = Pattern.compile("[A-Za-z0-9._-]+@([A-Za-z0-9.-]+):(.+)");
    private static final Pattern URL = Pattern.compile("(?:https?|ssh|git)://(?:[^@/]+@)?([A-Za-z0-9.-]+)(?::\\d+)?/(.+)");
    private static final Pattern PATH = Pattern.compile("[A-Za-z0-9._-]+(?:/[A-Za-z0-9._-]+)+");

    private CompareLink() {
    }

    public static Optional<String> of(String remote, String from, String to) {
        if (remote == null) {
            return Optional.empty();
        }
        Matcher m = SCP.matcher(remote);
        if (!m.matches()) {
            m = URL.matcher(remote);
            if (!m.matches()) {
                return Optional.empty();
            }
        }
        String host = m.group(1).toLowerCase();
        String path = m.group(2).replaceAll("\\.git/?$", "").replaceAll("/+$", "");
        if (!PATH.matcher(path).matches()) {
            return Optional.empty();
        }
        if (host.equals("github.com") || host.startsWith("github.")) {
            return Optional.of("https://" + host + "/" + path + "/compare/" + from + "..." + to);
        }
        if (host.equals("gitlab.com") || host.startsWith("gitlab.")) {
            return Optional.of("https://" + host + "/" + path + "/-/compare/" + from + "..." + to);
        }
        return Optional.empty();
    }
}

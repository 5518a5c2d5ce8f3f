package dev.bmo.observability;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What the jar says about its own build: the version and the commit, from the git.properties the
 * git-commit-id plugin writes into every jar. Read once; "unknown" outside a built jar.
 */
final class BuildFacts {

    static final String VERSION_PROPERTY = "bmo.build.version";
    static final String COMMIT_PROPERTY = "bmo.build.commit";

    private static final Properties GIT = load();

    private BuildFacts() {
    }

    static String version() {
        return GIT.getProperty("git.build.version", "unknown");
    }

    static String commit() {
        return GIT.getProperty("git.commit.id", "unknown");
    }

    private static Properties load() {
        Properties git = new Properties();
        try (InputStream in = BuildFacts.class.getClassLoader().getResourceAsStream("git.properties")) {
            if (in != null) {
                git.load(in);
            }
        } catch (IOException e) {
            // no facts: "unknown"
        }
        return git;
    }
}

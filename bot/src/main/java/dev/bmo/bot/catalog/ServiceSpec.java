package dev.bmo.bot.catalog;

import java.util.List;

/**
 * One deployable service of the catalog.
 *
 * @param name        the name used in commands ({@code deploy resizer})
 * @param repo        the Git repository its code comes from (a URL, or a path relative to BMO's
 *                    repository); empty: BMO's own repository
 * @param module      the directory that builds it, relative to its repository's root
 * @param packageName the Debian package (and OCI image) name
 * @param port        the service's HTTP port on a real host (simulated hosts set theirs in the inventory)
 * @param portEnv     the environment variable the service reads its port from
 * @param healthPath  Actuator health path
 * @param infoPath    Actuator info path (build.version and git.commit.id)
 * @param jar         path of the runnable jar inside the package's files
 * @param defaultEnv  where {@code deploy <service>} goes when no environment is named
 * @param build       the build command, an argument list run in a clean checkout of the commit
 *                    (placeholders {@code {service} {module} {package} {commit} {out}}); it, or the
 *                    package command, prints {@code deb=<path>} and {@code version=<version>} lines
 * @param pack        the package command, run after the build in the same checkout; empty when the
 *                    build packages too (BMO's own services: one Maven run builds jar, .deb and image)
 */
public record ServiceSpec(String name, String repo, String module, String packageName, int port, String portEnv,
        String healthPath, String infoPath, String jar, String defaultEnv, List<String> build, List<String> pack) {

    /** How BMO's own services are built: one run of the commit's packaging/build-artifacts. */
    public static final List<String> OWN_BUILD = List.of("packaging/build-artifacts", "{service}",
            "--module", "{module}", "--package", "{package}", "--out", "{out}");

    public ServiceSpec {
        build = List.copyOf(build);
        pack = List.copyOf(pack);
    }

    /** Whether the service lives in a repository of its own rather than BMO's. */
    public boolean hasOwnRepo() {
        return !repo.isEmpty();
    }
}

package dev.bmo.bot.catalog;

/**
 * One deployable service of the catalog.
 *
 * @param name        the name used in commands ({@code deploy resizer})
 * @param module      the Maven module that builds it, relative to the repository root
 * @param packageName the Debian package (and OCI image) name
 * @param port        the service's HTTP port on a real host (simulated hosts set theirs in the inventory)
 * @param portEnv     the environment variable the service reads its port from
 * @param healthPath  Actuator health path
 * @param infoPath    Actuator info path (build.version and git.commit.id)
 * @param jar         path of the runnable jar inside the package's files
 * @param defaultEnv  where {@code deploy <service>} goes when no environment is named
 */
public record ServiceSpec(String name, String module, String packageName, int port, String portEnv,
        String healthPath, String infoPath, String jar, String defaultEnv) {
}

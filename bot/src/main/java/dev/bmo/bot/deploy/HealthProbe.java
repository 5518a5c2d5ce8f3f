package dev.bmo.bot.deploy;

import dev.bmo.bot.fleet.ActuatorClient;
import dev.bmo.bot.fleet.ServiceHost;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Asks one host's Actuator for its health and its build version and git commit, through the same
 * {@link ActuatorClient} as {@code bmo status} (so the fleet's {@code BMO_ACTUATOR_TOKEN} is sent here too).
 */
public class HealthProbe {

    private final ActuatorClient actuator;

    public HealthProbe(ActuatorClient actuator) {
        this.actuator = actuator;
    }

    /** Without a token (a fleet whose info endpoint is open). */
    public HealthProbe(Duration timeout) {
        this(new ActuatorClient(timeout, Optional.empty()));
    }

    /** What a host said; {@code error} is set when it could not be asked. */
    public record Report(String address, int port, String status, String version, String commit, String error) {

        public boolean up() {
            return "UP".equals(status);
        }

        /**
         * Why this host does not run the expected commit healthily, or null when it does. The playbook's
         * {@code roles/verify_version} applies the same rules inside the rollout (VerifyAgreementTest).
         */
        public String problem(String expectedCommit, String expectedVersion) {
            if (error != null) {
                return error;
            }
            if (!up()) {
                return "health is " + status;
            }
            if (expectedCommit != null && (commit == null || commit.isEmpty() || !expectedCommit.startsWith(commit)
                    && !commit.startsWith(expectedCommit))) {
                return "runs commit " + commit + ", expected " + expectedCommit.substring(0, 12);
            }
            if (expectedVersion != null && !expectedVersion.isEmpty() && !expectedVersion.equals(version)) {
                return "runs version " + version + ", expected " + expectedVersion;
            }
            return null;
        }

        public String describe() {
            return error != null ? error : status + ", version " + version + ", commit "
                    + (commit == null ? "?" : commit.substring(0, Math.min(12, commit.length())));
        }
    }

    public Report check(String address, int port, String healthPath, String infoPath) {
        String base = "http://" + (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
        ServiceHost host = new ServiceHost(address, URI.create(base));
        try {
            String status = actuator.health(host, healthPath).path("status").asString("UNKNOWN");
            JsonNode root = actuator.info(host, infoPath);
            String version = root.path("build").path("version").asString(null);
            JsonNode id = root.path("git").path("commit").path("id");
            String commit = id.isObject() ? id.path("full").asString(id.path("abbrev").asString(null))
                    : id.asString(null);
            return new Report(address, port, status, version, commit, null);
        } catch (ActuatorClient.Unreachable e) {
            return new Report(address, port, null, null, null, "unreachable at " + base + " (" + e.getMessage()
                    + ")");
        }
    }
}

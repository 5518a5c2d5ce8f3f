package dev.bmo.bot.deploy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Asks one host's Actuator for its health and its build version and git commit. */
public class HealthProbe {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http;
    private final Duration timeout;

    public HealthProbe(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** What a host said; {@code error} is set when it could not be asked. */
    public record Report(String address, int port, String status, String version, String commit, String error) {

        public boolean up() {
            return "UP".equals(status);
        }

        /** Why this host does not run the expected commit healthily, or null when it does. */
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
        try {
            HttpResponse<String> health = get(base + healthPath);
            String status = JSON.readTree(health.body()).path("status").asString("UNKNOWN");
            HttpResponse<String> info = get(base + infoPath);
            JsonNode root = JSON.readTree(info.body());
            String version = root.path("build").path("version").asString(null);
            JsonNode id = root.path("git").path("commit").path("id");
            String commit = id.isObject() ? id.path("full").asString(id.path("abbrev").asString(null))
                    : id.asString(null);
            return new Report(address, port, status, version, commit, null);
        } catch (java.io.IOException e) {
            return new Report(address, port, null, null, null, "unreachable at " + base + " (" + e.getClass()
                    .getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Report(address, port, null, null, null, "interrupted");
        } catch (RuntimeException e) {
            return new Report(address, port, null, null, null, "answered something that is not Actuator JSON: "
                    + e.getMessage());
        }
    }

    private HttpResponse<String> get(String url) throws java.io.IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

package dev.bmo.bot.ansible;

import dev.bmo.bot.ansible.AnsibleEvent.HostStats;
import dev.bmo.bot.process.CommandRunner;
import dev.bmo.bot.process.ProcessResult;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs {@code ansible-playbook} with the JSON-lines callback and turns every line into a typed
 * event as it arrives. Keeps ansible-runner style artifacts per run: {@code command},
 * {@code extravars.json}, {@code events.jsonl}, {@code stderr}, {@code rc}, {@code status}, {@code pid}.
 */
public class AnsibleRunner {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final String executable;

    public AnsibleRunner(String executable) {
        this.executable = executable;
    }

    public AnsibleResult run(AnsibleRun run, Consumer<AnsibleEvent> events) {
        try {
            return runChecked(run, events);
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + executable + ": " + e.getMessage(), e);
        }
    }

    private AnsibleResult runChecked(AnsibleRun run, Consumer<AnsibleEvent> events) throws IOException {
        Path dir = Files.createDirectories(run.artifactsDir());
        Path vars = dir.resolve("extravars.json");
        Files.writeString(vars, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(run.extraVars()));
        List<String> command = new ArrayList<>(List.of(executable, "-i", run.inventory().toString()));
        if (!run.limit().isEmpty()) {
            command.add("--limit");
            command.add(String.join(",", run.limit()));
        }
        command.add("-e");
        command.add("@" + vars);
        command.add(run.playbook().toString());
        Files.writeString(dir.resolve("command"), JSON.writeValueAsString(command));

        Map<String, String> env = new LinkedHashMap<>();
        env.put("ANSIBLE_STDOUT_CALLBACK", "ansible.posix.jsonl");
        env.put("ANSIBLE_NOCOLOR", "1");
        env.put("ANSIBLE_RETRY_FILES_ENABLED", "0");
        // SSH host keys are always checked: a host not in known_hosts, or with another key, is refused
        env.put("ANSIBLE_HOST_KEY_CHECKING", "True");
        // SSH connections are shared within one run only: a master kept from an earlier run would
        // carry on without checking the host's key again
        env.put("ANSIBLE_SSH_CONTROL_PATH_DIR", Files.createDirectories(dir.resolve("cp")).toString());
        env.put("ANSIBLE_LOCAL_TEMP", Files.createDirectories(dir.resolve("tmp")).toString());
        env.put("ANSIBLE_ROLES_PATH", run.playbook().getParent().resolve("roles").toString());
        // a module runs over the SSH connection it is sent on instead of being copied to a temporary file
        // first: fewer round trips per task. Needs sudo without requiretty (Debian's default);
        // ANSIBLE_PIPELINING=False in BMO's environment turns it off.
        if (System.getenv("ANSIBLE_PIPELINING") == null) {
            env.put("ANSIBLE_PIPELINING", "True");
        }
        env.put("PYTHONUNBUFFERED", "1");
        env.putAll(run.environment());

        AtomicReference<Map<String, HostStats>> stats = new AtomicReference<>();
        List<String> failed = new ArrayList<>();
        ProcessResult result;
        try (BufferedWriter eventsFile = Files.newBufferedWriter(dir.resolve("events.jsonl"), StandardCharsets.UTF_8);
                BufferedWriter stderrFile = Files.newBufferedWriter(dir.resolve("stderr"), StandardCharsets.UTF_8)) {
            Consumer<String> onStdout = line -> {
                write(eventsFile, line);
                for (AnsibleEvent e : AnsibleEventParser.parse(line)) {
                    if (e instanceof AnsibleEvent.Stats s) {
                        stats.set(s.hosts());
                    }
                    if (e instanceof AnsibleEvent.HostOutcome h && (h.outcome() == AnsibleEvent.Outcome.FAILED
                            || h.outcome() == AnsibleEvent.Outcome.UNREACHABLE)) {
                        synchronized (failed) {
                            if (!failed.contains(h.host())) {
                                failed.add(h.host());
                            }
                        }
                    }
                    events.accept(e);
                }
            };
            result = CommandRunner.run(new CommandRunner.Spec(command, run.playbook().getParent(), env, run.timeout(),
                    onStdout, line -> write(stderrFile, line), run.cancellation()));
        }
        Files.writeString(dir.resolve("rc"), Integer.toString(result.exitCode()));
        AnsibleResult outcome = decide(run, result, stats.get(), failed);
        Files.writeString(dir.resolve("status"), outcome.status());
        return outcome;
    }

    static AnsibleResult decide(AnsibleRun run, ProcessResult result, Map<String, HostStats> stats,
            List<String> failedEvents) {
        Map<String, HostStats> recap = stats == null ? Map.of() : stats;
        List<String> failedHosts = new ArrayList<>();
        recap.forEach((host, s) -> {
            if (s.failed()) {
                failedHosts.add(host);
            }
        });
        List<String> notReached = run.limit().stream().filter(h -> !recap.containsKey(h)).toList();
        if (result.timedOut()) {
            return new AnsibleResult("timeout", result.exitCode(), recap, failedHosts, notReached,
                    "ansible-playbook ran longer than " + run.timeout() + " and was killed with its children");
        }
        if (result.cancelled()) {
            return new AnsibleResult("canceled", result.exitCode(), recap, failedHosts, notReached,
                    "cancelled; ansible-playbook was killed with its children");
        }
        if (stats == null) {
            return new AnsibleResult("failed", result.exitCode(), recap, failedHosts, notReached,
                    "ansible-playbook ended (rc " + result.exitCode() + ") without a recap, so it never ran the"
                            + " play: " + result.tailText());
        }
        if (!failedHosts.isEmpty()) {
            return new AnsibleResult("failed", result.exitCode(), recap, failedHosts, notReached,
                    "failed on " + String.join(", ", failedHosts)
                            + (notReached.isEmpty() ? "" : "; not reached: " + String.join(", ", notReached)));
        }
        if (!notReached.isEmpty()) {
            return new AnsibleResult("failed", result.exitCode(), recap, failedHosts, notReached,
                    "the rollout never reached " + String.join(", ", notReached));
        }
        if (result.exitCode() != 0) {
            return new AnsibleResult("failed", result.exitCode(), recap, failedHosts, notReached,
                    "ansible-playbook exited " + result.exitCode() + " although every host passed: "
                            + result.tailText());
        }
        return new AnsibleResult("successful", 0, recap, List.of(), List.of(), "");
    }

    private static void write(BufferedWriter w, String line) {
        synchronized (w) {
            try {
                w.write(line);
                w.newLine();
                w.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

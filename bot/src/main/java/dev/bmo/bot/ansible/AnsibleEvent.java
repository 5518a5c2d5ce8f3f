package dev.bmo.bot.ansible;

import java.util.Map;

/** One line of the {@code ansible.posix.jsonl} callback, typed. */
public sealed interface AnsibleEvent {

    record PlayStarted(String play) implements AnsibleEvent {
    }

    record TaskStarted(String task) implements AnsibleEvent {
    }

    /** A host's result for a task: ok, changed, failed, unreachable or skipped, with Ansible's message. */
    record HostOutcome(String host, String task, Outcome outcome, String message) implements AnsibleEvent {
    }

    /** The final per-host recap: what decides the run's outcome. */
    record Stats(Map<String, HostStats> hosts) implements AnsibleEvent {
    }

    /** Anything else Ansible says (warnings, handlers, includes): kept in the artifacts. */
    record Other(String event) implements AnsibleEvent {
    }

    enum Outcome {
        OK, CHANGED, FAILED, UNREACHABLE, SKIPPED;

        public String word() {
            return name().toLowerCase();
        }
    }

    record HostStats(int ok, int changed, int failures, int unreachable, int skipped, int rescued, int ignored) {

        public boolean failed() {
            return failures > 0 || unreachable > 0;
        }
    }
}

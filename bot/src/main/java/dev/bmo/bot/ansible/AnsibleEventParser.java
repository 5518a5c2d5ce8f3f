package dev.bmo.bot.ansible;

import dev.bmo.bot.ansible.AnsibleEvent.HostOutcome;
import dev.bmo.bot.ansible.AnsibleEvent.HostStats;
import dev.bmo.bot.ansible.AnsibleEvent.Outcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Turns the lines of the {@code ansible.posix.jsonl} callback into typed events. */
public final class AnsibleEventParser {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AnsibleEventParser() {
    }

    /** The events of one line: a host result line may hold several hosts. Non-JSON lines give none. */
    public static List<AnsibleEvent> parse(String line) {
        if (line == null || !line.startsWith("{")) {
            return List.of();
        }
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JacksonException notJson) {
            return List.of();
        }
        String event = node.path("_event").asString("");
        String task = node.path("task").path("name").asString("");
        if (task.startsWith(ARGUMENT_CHECK)) {
            // Ansible's own check of a role's meta/argument_specs.yml: its failure is a failed task like any
            // other, its success is not news for the people reading the deploy
            if (!event.equals("v2_runner_on_failed") && !event.equals("v2_runner_on_unreachable")) {
                return List.of();
            }
        }
        List<AnsibleEvent> out = new ArrayList<>();
        switch (event) {
            case "v2_playbook_on_play_start" -> out.add(new AnsibleEvent.PlayStarted(node.path("play").path("name")
                    .asString("")));
            case "v2_playbook_on_task_start", "v2_playbook_on_handler_task_start" ->
                    out.add(new AnsibleEvent.TaskStarted(task));
            case "v2_runner_on_ok", "v2_runner_on_failed", "v2_runner_on_unreachable", "v2_runner_on_skipped" -> {
                for (Map.Entry<String, JsonNode> host : node.path("hosts").properties()) {
                    JsonNode r = host.getValue();
                    Outcome outcome = switch (event) {
                        case "v2_runner_on_failed" -> Outcome.FAILED;
                        case "v2_runner_on_unreachable" -> Outcome.UNREACHABLE;
                        case "v2_runner_on_skipped" -> Outcome.SKIPPED;
                        default -> r.path("changed").asBoolean(false) ? Outcome.CHANGED : Outcome.OK;
                    };
                    // of the tasks that went well, only a debug task's message is meant for people
                    boolean said = outcome == Outcome.FAILED || outcome == Outcome.UNREACHABLE
                            || r.path("action").asString("").endsWith("debug");
                    out.add(new HostOutcome(host.getKey(), task, outcome, said ? message(r) : ""));
                }
            }
            case "v2_playbook_on_stats" -> {
                Map<String, HostStats> stats = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> host : node.path("stats").properties()) {
                    JsonNode s = host.getValue();
                    stats.put(host.getKey(), new HostStats(s.path("ok").asInt(0), s.path("changed").asInt(0),
                            s.path("failures").asInt(0), s.path("unreachable").asInt(0), s.path("skipped").asInt(0),
                            s.path("rescued").asInt(0), s.path("ignored").asInt(0)));
                }
                out.add(new AnsibleEvent.Stats(stats));
            }
            default -> out.add(new AnsibleEvent.Other(event));
        }
        return out;
    }

    /** How Ansible names the task that validates a role's arguments (meta/argument_specs.yml). */
    static final String ARGUMENT_CHECK = "Validating arguments against arg spec";

    /** What a person needs from a result: Ansible's msg, else stderr, else nothing. */
    private static String message(JsonNode r) {
        if (r.path("_ansible_no_log").asBoolean(false)) {
            return "(output hidden: no_log)";
        }
        String msg = r.path("msg").isValueNode() ? r.path("msg").asString("") : "";
        String stderr = r.path("stderr").isValueNode() ? r.path("stderr").asString("") : "";
        if (!stderr.isBlank() && (msg.isBlank() || msg.equals("non-zero return code"))) {
            msg = (msg.isBlank() ? "" : msg + ": ") + stderr.strip();
        }
        // room for a failed host's last journal lines (the deploy playbook's rescue puts 20 in its message)
        return msg.length() > 4000 ? msg.substring(0, 4000) + "..." : msg;
    }
}

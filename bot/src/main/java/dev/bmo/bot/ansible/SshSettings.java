package dev.bmo.bot.ansible;

import dev.bmo.bot.catalog.EnvironmentSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How BMO's Ansible logs in to an environment's hosts: the catalog's {@code ssh_key} and
 * {@code known_hosts}, given to ssh with strict host key checking, and what an SSH refusal means in
 * words people can act on.
 *
 * @param key        the private key file, or null for ssh's own default (and agent)
 * @param knownHosts the known_hosts file, or null for ssh's own
 */
public record SshSettings(Path key, Path knownHosts) {

    /** The environment's settings, paths relative to {@code repo} as in the catalog. */
    public static SshSettings of(EnvironmentSpec env, Path repo) {
        return new SshSettings(env.sshKey().isBlank() ? null : repo.resolve(env.sshKey()).toAbsolutePath(),
                env.knownHosts().isBlank() ? null : repo.resolve(env.knownHosts()).toAbsolutePath());
    }

    /** Ansible's own variables for these settings ({@code ANSIBLE_PRIVATE_KEY_FILE}, {@code ANSIBLE_SSH_COMMON_ARGS}). */
    public Map<String, String> ansibleEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        if (key != null) {
            env.put("ANSIBLE_PRIVATE_KEY_FILE", key.toString());
        }
        // StrictHostKeyChecking=yes: never add or accept a key ssh has not been given
        env.put("ANSIBLE_SSH_COMMON_ARGS", (knownHosts == null ? "" : "-o UserKnownHostsFile=" + knownHosts + " ")
                + "-o StrictHostKeyChecking=yes");
        return env;
    }

    /** An unreachable host's message, with SSH's host key refusals said plainly. */
    public String explainUnreachable(String host, String message) {
        String m = message == null ? "" : message;
        String file = knownHosts == null ? "ssh's known_hosts" : knownHosts.toString();
        if (m.contains("REMOTE HOST IDENTIFICATION HAS CHANGED")) {
            return "refused: " + host + "'s SSH host key is not the one in " + file
                    + " (the host was rebuilt, or the connection is intercepted). Check the host's key out of band, then"
                    + " replace its line in that file.";
        }
        if (m.contains("Host key verification failed") || m.contains("No ED25519 host key is known")
                || m.contains("No RSA host key is known") || m.contains("No ECDSA host key is known")) {
            return "refused: " + host + " has no SSH host key in " + file
                    + ", so BMO cannot tell it is the real host. Add its key there (checked out of band).";
        }
        return m.isBlank() ? "unreachable" : "unreachable: " + m.strip();
    }
}

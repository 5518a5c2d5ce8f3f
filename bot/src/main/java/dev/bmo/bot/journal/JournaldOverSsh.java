package dev.bmo.bot.journal;

import dev.bmo.bot.ansible.SshSettings;
import dev.bmo.bot.catalog.Inventory;
import dev.bmo.bot.process.CommandRunner;
import dev.bmo.bot.process.ProcessResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The log of a service on a real host ({@code install: apt}): its unit's journal,
 * {@code journalctl -u <package> -o json --since=@<seconds> -n <max>}, over SSH as the inventory says
 * (address, user, port; {@code sudo -n} when the inventory has {@code ansible_become}), with the
 * environment's key and known_hosts and host keys checked strictly ({@link SshSettings}).
 *
 * <p>The command is an argument list, and the remote one holds only what BMO built itself: the package
 * name from the catalog (checked against a strict pattern) and numbers. Words and levels from chat are
 * applied in BMO afterwards ({@link LogFilter}).
 */
public final class JournaldOverSsh implements HostLogSource {

    static final Pattern UNIT = Pattern.compile("[a-z0-9][a-z0-9.+_-]{0,99}");
    static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,252}");
    static final Pattern USER = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,31}");
    /** Most bytes of journal output taken from one host (2000 entries are far less). */
    static final long MAX_OUTPUT = 32L << 20;

    private final Inventory inventory;
    private final SshSettings ssh;
    private final String unit;
    private final Path workDir;
    private final Duration timeout;
    private final String sshExecutable;

    public JournaldOverSsh(Inventory inventory, SshSettings ssh, String unit, Path workDir, Duration timeout) {
        this(inventory, ssh, unit, workDir, timeout, "ssh");
    }

    JournaldOverSsh(Inventory inventory, SshSettings ssh, String unit, Path workDir, Duration timeout,
            String sshExecutable) {
        if (!UNIT.matcher(unit).matches()) {
            throw new IllegalArgumentException("not a unit name BMO passes to a host: " + unit);
        }
        this.inventory = inventory;
        this.ssh = ssh;
        this.unit = unit;
        this.workDir = workDir;
        this.timeout = timeout;
        this.sshExecutable = sshExecutable;
    }

    /** The whole command for one host: ssh's options, the destination, then the remote words, each quoted. */
    List<String> command(String host, Instant since, int max) {
        String address = inventory.address(host);
        if (!ADDRESS.matcher(address).matches()) {
            throw new IllegalArgumentException(host + "'s address in the inventory is not one BMO connects to: "
                    + address);
        }
        List<String> argv = new ArrayList<>(List.of(sshExecutable, "-o", "BatchMode=yes", "-o",
                "StrictHostKeyChecking=yes"));
        if (ssh.knownHosts() != null) {
            argv.addAll(List.of("-o", "UserKnownHostsFile=" + ssh.knownHosts()));
        }
        if (ssh.key() != null) {
            argv.addAll(List.of("-i", ssh.key().toString(), "-o", "IdentitiesOnly=yes"));
        }
        // no shared connection: a master opened elsewhere would carry on without checking the host's key again
        argv.addAll(List.of("-o", "ControlMaster=no", "-o", "ControlPath=none", "-o", "ConnectTimeout=10",
                "-o", "ServerAliveInterval=5", "-o", "ServerAliveCountMax=2"));
        String port = inventory.var(host, "ansible_port");
        if (port != null && port.matches("[0-9]{1,5}")) {
            argv.addAll(List.of("-p", port));
        }
        String user = inventory.var(host, "ansible_user");
        if (user != null && !user.isBlank()) {
            if (!USER.matcher(user).matches()) {
                throw new IllegalArgumentException(host + "'s ansible_user is not a user name: " + user);
            }
            argv.addAll(List.of("-l", user));
        }
        argv.add("--");
        argv.add(address);
        List<String> remote = new ArrayList<>();
        if (truthy(inventory.var(host, "ansible_become"))) {
            remote.addAll(List.of("sudo", "-n"));
        }
        remote.addAll(List.of("journalctl", "-u", unit, "-o", "json", "--output-fields=MESSAGE,PRIORITY",
                "--since=@" + since.getEpochSecond(), "--no-pager", "-q", "-n", Integer.toString(max)));
        // ssh hands the remote shell one string: every word goes single-quoted (they hold no quote anyway)
        remote.forEach(word -> argv.add("'" + word.replace("'", "'\\''") + "'"));
        return argv;
    }

    @Override
    public HostLog read(String host, Instant since, int max) {
        List<String> command;
        try {
            command = command(host, since, max);
        } catch (IllegalArgumentException e) {
            return HostLog.failed(host, e.getMessage());
        }
        List<String> out = new ArrayList<>();
        List<String> err = new ArrayList<>();
        long[] bytes = {0};
        ProcessResult result;
        try {
            result = CommandRunner.run(new CommandRunner.Spec(command, workDir, Map.of(), timeout, line -> {
                bytes[0] += line.length() + 1;
                if (bytes[0] <= MAX_OUTPUT && out.size() <= max) {
                    out.add(line);
                }
            }, line -> {
                if (err.size() < 40) {
                    err.add(line);
                }
            }, null));
        } catch (IOException e) {
            return HostLog.failed(host, "cannot run ssh: " + e.getMessage());
        }
        String stderr = String.join("\n", err).strip();
        if (result.timedOut()) {
            return HostLog.failed(host, "no answer within " + timeout.toSeconds() + "s (ssh was stopped)");
        }
        if (result.exitCode() == 255) {
            return HostLog.failed(host, ssh.explainUnreachable(host, stderr));
        }
        if (result.exitCode() != 0) {
            return HostLog.failed(host, "journalctl failed (exit " + result.exitCode() + ")"
                    + (stderr.isEmpty() ? "" : ": " + stderr));
        }
        List<LogLine> entries = LogLineParser.fromJournal(out, host);
        HostLog log = HostLog.window(host, entries, since, max, false, "");
        if (entries.size() >= max && log.limit() == null) {
            log = new HostLog(host, log.lines(), "only the newest " + max + " lines of the window were read", null);
        }
        if (entries.isEmpty() && !stderr.isEmpty()) {
            // journalctl says why it shows nothing (no permission to read the system journal, say)
            log = new HostLog(host, log.lines(), "journalctl said: " + stderr, null);
        }
        return log;
    }

    private static boolean truthy(String value) {
        return value != null && List.of("true", "yes", "1", "on").contains(value.strip().toLowerCase());
    }
}

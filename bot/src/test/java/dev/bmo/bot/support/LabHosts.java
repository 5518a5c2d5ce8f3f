package dev.bmo.bot.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A lab of its own for a test: real Debian hosts (systemd-nspawn containers booted with systemd)
 * brought up by {@code scripts/lab} from a test inventory, on a bridge and subnet of their own, so a
 * developer's lab (bmolab0, 10.77.0.0/24) is never touched. Stopped and purged by {@link #close()}.
 */
public final class LabHosts implements AutoCloseable {

    /** The test lab's bridge and this machine's address on it. */
    public static final String BRIDGE = "bmolabt0";
    public static final String GATEWAY = "10.77.1.1";

    public final Path dir;
    private final Path inventory;
    private final Path aptRoot;
    private final Map<String, String> addresses;

    private LabHosts(Path dir, Path inventory, Path aptRoot, Map<String, String> addresses) {
        this.dir = dir;
        this.inventory = inventory;
        this.aptRoot = aptRoot;
        this.addresses = addresses;
    }

    /** Brings up every host of {@code inventory} (a host name to address map says which they are). */
    public static LabHosts up(Path dir, Path inventory, Path aptRoot, Map<String, String> addresses)
            throws IOException, InterruptedException {
        LabHosts lab = new LabHosts(dir, inventory, aptRoot, new LinkedHashMap<>(addresses));
        lab.script("up");
        return lab;
    }

    public Path sshKey() {
        return dir.resolve("ssh/id_ed25519");
    }

    public Path knownHosts() {
        return dir.resolve("known_hosts");
    }

    public String address(String host) {
        return addresses.get(host);
    }

    /** Runs {@code argv} as root on a host over SSH (as deploy, through sudo); returns its stdout. */
    public String ssh(String host, String... argv) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ssh", "-i", sshKey().toString(), "-o",
                "UserKnownHostsFile=" + knownHosts(), "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes",
                "-o", "ConnectTimeout=5", "deploy@" + address(host), "--", "sudo", "-n"));
        // ssh hands the remote shell one string: every argument goes single-quoted
        for (String arg : argv) {
            command.add("'" + arg.replace("'", "'\\''") + "'");
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 && p.exitValue() != 3) {
            throw new IOException("ssh " + host + " " + String.join(" ", argv) + " failed: " + err + out);
        }
        return out;
    }

    private void script(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(TestBot.repoRoot().resolve("scripts/lab").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Files.createDirectories(dir).resolve("lab-" + args[0] + ".log").toFile());
        pb.environment().put("BMO_LAB_DIR", dir.toString());
        pb.environment().put("BMO_LAB_INVENTORY", inventory.toString());
        pb.environment().put("BMO_LAB_BRIDGE", BRIDGE);
        pb.environment().put("BMO_LAB_GATEWAY", GATEWAY + "/24");
        pb.environment().put("BMO_LAB_SHARED", "0");
        pb.environment().put("BMO_APT_ROOT", aptRoot.toString());
        Process p = pb.start();
        // a cold lab builds its Debian base first (a few minutes, once per machine)
        if (!p.waitFor(20, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException("scripts/lab " + args[0] + " did not finish in 20 minutes");
        }
        if (p.exitValue() != 0) {
            throw new IOException("scripts/lab " + String.join(" ", args) + " failed (exit " + p.exitValue() + "):\n"
                    + Files.readString(dir.resolve("lab-" + args[0] + ".log")));
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        script("down", "--purge");
    }
}

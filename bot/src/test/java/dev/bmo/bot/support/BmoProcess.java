package dev.bmo.bot.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** BMO in a JVM of its own, as ./bmo runs it, on the test's classpath (surefire's manifest jar carries all of it). */
public final class BmoProcess {

    private BmoProcess() {
    }

    /** Output piped (read it from {@link Process#getInputStream()}); {@code user}: the login name, or null. */
    public static Process start(Map<String, String> env, String user, String... args) throws IOException {
        return builder(env, user, args).start();
    }

    /** Output to a file, for a process the test does not read as it goes. */
    public static Process start(Map<String, String> env, String user, Path output, String... args)
            throws IOException {
        return builder(env, user, args).redirectOutput(output.toFile()).start();
    }

    private static ProcessBuilder builder(Map<String, String> env, String user, String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1"));
        if (user != null) {
            command.add("-Duser.name=" + user);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.bmo.bot.BmoApplication"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        return pb;
    }

    /** Kills what a deploy noted it started (its {@code pids} file), for a test's clean-up. */
    public static void killNoted(Path deploysDir) {
        if (!Files.isDirectory(deploysDir)) {
            return;
        }
        try (var dirs = Files.list(deploysDir)) {
            for (Path d : dirs.toList()) {
                Path noted = d.resolve("pids");
                if (Files.exists(noted)) {
                    for (String line : Files.readAllLines(noted)) {
                        ProcessHandle.of(Long.parseLong(line.split(" ")[0])).ifPresent(p -> {
                            p.descendants().forEach(ProcessHandle::destroyForcibly);
                            p.destroyForcibly();
                        });
                    }
                }
            }
        } catch (IOException | NumberFormatException e) {
            // best effort: nothing noted, nothing to stop
        }
    }
}

package dev.bmo.packaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * apt-get and apt-cache with a configuration of their own (sources, keys, state, cache, pins), so
 * they see only the repository under test and trust only the key given, never the machine's.
 */
final class AptClient {

    private final Path dir;

    AptClient(String sourcesLine) {
        dir = Workspace.newDirectory("apt-client");
        try {
            for (String sub : List.of("etc/sources.list.d", "etc/preferences.d", "etc/trusted.gpg.d", "etc/apt.conf.d",
                    "state/lists/partial", "cache/archives/partial", "download")) {
                Files.createDirectories(dir.resolve(sub));
            }
            Files.writeString(dir.resolve("etc/sources.list"), sourcesLine + "\n");
            Files.writeString(dir.resolve("status"), "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Pins one version of a package above everything else (what a rollback does). */
    void pin(String pkg, String version) {
        try {
            Files.writeString(dir.resolve("etc/preferences.d/" + pkg),
                    "Package: " + pkg + "\nPin: version " + version + "\nPin-Priority: 1001\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path downloads() {
        return dir.resolve("download");
    }

    Command.Result aptGet(String... arguments) {
        return run("apt-get", arguments);
    }

    Command.Result aptCache(String... arguments) {
        return run("apt-cache", arguments);
    }

    private Command.Result run(String program, String... arguments) {
        List<String> command = new ArrayList<>(List.of(program,
                "-o", "Dir::Etc=" + dir.resolve("etc"),
                "-o", "Dir::Etc::sourcelist=" + dir.resolve("etc/sources.list"),
                "-o", "Dir::Etc::sourceparts=" + dir.resolve("etc/sources.list.d"),
                "-o", "Dir::Etc::trusted=" + dir.resolve("etc/trusted.gpg"),
                "-o", "Dir::Etc::trustedparts=" + dir.resolve("etc/trusted.gpg.d"),
                "-o", "Dir::Etc::preferences=" + dir.resolve("etc/preferences"),
                "-o", "Dir::Etc::preferencesparts=" + dir.resolve("etc/preferences.d"),
                "-o", "Dir::Etc::parts=" + dir.resolve("etc/apt.conf.d"),
                "-o", "Dir::State=" + dir.resolve("state"),
                "-o", "Dir::State::status=" + dir.resolve("status"),
                "-o", "Dir::Cache=" + dir.resolve("cache"),
                "-o", "APT::Architecture=amd64",
                "-o", "APT::Architectures=amd64",
                "-o", "APT::Sandbox::User=root",
                "-o", "Debug::NoLocking=1"));
        command.addAll(List.of(arguments));
        return Command.of(command).in(downloads()).env("LC_ALL", "C").run();
    }
}

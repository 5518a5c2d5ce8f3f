package dev.bmo.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The .deb of every application module, as the reactor built it: fields, files, scripts, lintian. */
@ExtendWith(SharedWork.class)
@Tag("slow") // minutes of real rollouts, packaging, fleets or corpora: ./test --fast leaves it out
class ServiceDebsTest {

    static final Pattern VERSION = Pattern.compile("\\d[0-9A-Za-z.~]*\\+git\\d+\\.[0-9a-f]{7,}");

    static Stream<Arguments> packages() {
        return Stream.of(
                arguments("bmo-resizer", "resizer", true),
                arguments("bmo-media", "media", true),
                arguments("bmo-converter", "converter", true),
                arguments("bmo-api", "api", false),
                arguments("bmo-bot", "bot", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("packages")
    void controlFieldsNameThePackageAndItsRuntime(String pkg, String service, boolean usesLibvips) {
        Path deb = Workspace.reactorDeb(pkg);
        Map<String, String> fields = DebPackage.fields(deb);

        assertThat(fields.get("Package")).isEqualTo(pkg);
        assertThat(fields.get("Version")).matches(VERSION);
        assertThat(deb.getFileName().toString()).isEqualTo(pkg + "_" + fields.get("Version") + "_all.deb");
        assertThat(fields.get("Architecture")).isEqualTo("all");
        assertThat(fields.get("Maintainer")).contains("@");
        assertThat(fields.get("Description")).contains("\n").contains("Built from git commit");
        List<String> depends = List.of(fields.get("Depends").split(",\\s*"));
        assertThat(depends).anyMatch(d -> d.startsWith("openjdk-17-j")).contains("adduser");
        if (usesLibvips) {
            assertThat(depends).contains("libvips42");
        } else {
            assertThat(depends).doesNotContain("libvips42");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("packages")
    void filesHaveTheirPlacesOwnersAndModes(String pkg, String service, boolean usesLibvips) {
        Map<String, DebPackage.Entry> contents = DebPackage.contents(Workspace.reactorDeb(pkg));

        Map<String, String> files = contents.values().stream().filter(e -> !e.mode().startsWith("d"))
                .collect(Collectors.toMap(DebPackage.Entry::path, DebPackage.Entry::mode));
        assertThat(files).containsExactlyInAnyOrderEntriesOf(Map.of(
                "/opt/bmo/" + service + "/" + pkg + ".jar", "-rw-r--r--",
                "/lib/systemd/system/" + pkg + ".service", "-rw-r--r--",
                "/etc/default/" + pkg, "-rw-------",
                "/usr/share/doc/" + pkg + "/copyright", "-rw-r--r--",
                "/usr/share/doc/" + pkg + "/changelog.gz", "-rw-r--r--",
                "/usr/share/lintian/overrides/" + pkg, "-rw-r--r--"));
        assertThat(contents.values()).allSatisfy(e -> assertThat(e.owner()).isEqualTo("root/root"));
        assertThat(contents.values()).filteredOn(e -> e.mode().startsWith("d"))
                .allSatisfy(e -> assertThat(e.mode()).isEqualTo("drwxr-xr-x"));
        assertThat(DebPackage.controlFile(Workspace.reactorDeb(pkg), "conffiles").strip())
                .isEqualTo("/etc/default/" + pkg);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("packages")
    void unitRunsTheJarAsTheServiceUserWithTheEnvironmentFile(String pkg, String service, boolean usesLibvips)
            throws IOException {
        Path data = Workspace.newDirectory("data");
        Command.of("dpkg-deb", "--extract", Workspace.reactorDeb(pkg).toString(), data.toString()).check();

        SystemdUnit unit = SystemdUnit.parse(Files.readString(data.resolve("lib/systemd/system/" + pkg + ".service")));
        assertThat(unit.get("Service.User")).isEqualTo(pkg);
        assertThat(unit.get("Service.Group")).isEqualTo(pkg);
        assertThat(unit.get("Service.EnvironmentFile")).isEqualTo("/etc/default/" + pkg);
        assertThat(unit.get("Service.Restart")).isEqualTo("on-failure");
        // journald does not rate-limit the unit: the access log is one line per request
        assertThat(unit.get("Service.LogRateLimitIntervalSec")).isEqualTo("0");
        assertThat(unit.get("Service.ExecStart"))
                .startsWith("/usr/bin/java $JAVA_OPTS -jar /opt/bmo/" + service + "/" + pkg + ".jar");
        assertThat(unit.get("Install.WantedBy")).isEqualTo("multi-user.target");

        Map<String, String> environment = SystemdUnit.parseEnvironmentFile(Files.readString(data.resolve("etc/default/" + pkg)));
        assertThat(environment).containsKey("JAVA_OPTS");

        // the executable Spring Boot jar, with the build's commit and nothing checkout-specific
        try (JarFile jar = new JarFile(data.resolve("opt/bmo/" + service + "/" + pkg + ".jar").toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).contains("springframework.boot.loader");
            assertThat(jar.getManifest().getMainAttributes().getValue("Start-Class")).startsWith("dev.bmo.");
            Properties git = new Properties();
            git.load(jar.getInputStream(jar.getEntry("BOOT-INF/classes/git.properties")));
            String version = DebPackage.fields(Workspace.reactorDeb(pkg)).get("Version");
            assertThat(version).endsWith("." + git.getProperty("git.commit.id.abbrev"));
            assertThat(git).doesNotContainKeys("git.remote.origin.url", "git.branch", "git.build.time", "git.build.host");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("packages")
    void maintainerScriptsUseTheDebianSystemdHelpers(String pkg, String service, boolean usesLibvips) throws IOException {
        Path control = Workspace.newDirectory("control");
        Command.of("dpkg-deb", "--control", Workspace.reactorDeb(pkg).toString(), control.toString()).check();

        for (String script : List.of("postinst", "prerm", "postrm")) {
            Path file = control.resolve(script);
            assertThat(file).isExecutable();
            String text = Files.readString(file);
            assertThat(text).startsWith("#!/bin/sh\n").contains("\nset -e\n");
            Command.of("sh", "-n", file.toString()).check();
            assertThat(text.lines().filter(l -> !l.strip().startsWith("#")))
                    .noneMatch(l -> l.matches(".*systemctl\\s+(start|stop|restart|enable|disable).*"));
        }
        String postinst = Files.readString(control.resolve("postinst"));
        assertThat(postinst).contains("adduser --system").contains("deb-systemd-helper enable")
                .contains("deb-systemd-invoke \"$action\"");
        assertThat(Files.readString(control.resolve("prerm"))).contains("deb-systemd-invoke stop");
        assertThat(Files.readString(control.resolve("postrm"))).contains("deb-systemd-helper purge");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("packages")
    void noTemplatePlaceholderIsLeft(String pkg, String service, boolean usesLibvips) throws IOException {
        Path data = Workspace.newDirectory("data");
        Path deb = Workspace.reactorDeb(pkg);
        Command.of("dpkg-deb", "--extract", deb.toString(), data.toString()).check();
        Command.of("dpkg-deb", "--control", deb.toString(), data.resolve("DEBIAN").toString()).check();
        Command.of("gzip", "-d", data.resolve("usr/share/doc/" + pkg + "/changelog.gz").toString()).check();
        try (Stream<Path> files = Files.walk(data)) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".jar")).toList()) {
                assertThat(Files.readString(file)).as(file.toString()).doesNotContainPattern("@[a-z]+\\.[a-z.]+@|\\[\\[|\\$\\{(?!JAVA_OPTS)");
            }
        }
    }

    @Test
    void lintianFindsNothingThatIsNotExplained() {
        List<String> command = new java.util.ArrayList<>(List.of("lintian", "--display-experimental",
                "--display-info", "--display-level", "+pedantic", "--tag-display-limit", "0"));
        packages().forEach(a -> command.add(Workspace.reactorDeb((String) a.get()[0]).toString()));
        Command.Result result = Command.of(command).timeout(java.time.Duration.ofMinutes(3)).run();

        List<String> findings = result.stdout().lines().filter(l -> l.matches("^[EWIPX]: .*")).toList();
        assertThat(findings).as(result.output()).isEmpty();
        assertThat(result.exitCode()).as(result.output()).isZero();

        // what is overridden is overridden on purpose: each override carries its reason (N: lines)
        Command.Result overrides = Command.of("lintian", "--show-overrides", "--display-info",
                Workspace.reactorDeb("bmo-converter").toString()).timeout(java.time.Duration.ofMinutes(3)).run();
        assertThat(overrides.stdout()).contains("O: bmo-converter: dir-or-file-in-opt [opt/bmo/converter/bmo-converter.jar]")
                .contains("N: The fleet's deployment layout");
        assertThat(overrides.stdout().lines().filter(l -> l.matches("^[EWIPX]: .*"))).isEmpty();
    }
}

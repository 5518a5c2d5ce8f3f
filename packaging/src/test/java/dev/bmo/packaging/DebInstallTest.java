package dev.bmo.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.bmo.storage.testing.LocalS3Server;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bmo-converter's package installed with dpkg into a throwaway Debian root (the cached base: minbase
 * with the JRE and libvips), started from the installed files the way its systemd unit says,
 * upgraded and purged. Its health needs RabbitMQ (the machine's, 127.0.0.1:5672, the package's
 * default) and S3 (a real S3Proxy started for this test): both are set only through the installed
 * environment file, as an operator or Ansible would on a host.
 */
@ExtendWith(SharedWork.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag("slow") // minutes of real rollouts, packaging, fleets or corpora: ./test --fast leaves it out
class DebInstallTest {

    private static final String PKG = "bmo-converter";

    private Rootfs root;
    private LocalS3Server s3;
    private ConverterBuilds.Build first;

    @BeforeAll
    void freshRoot() {
        first = ConverterBuilds.first();
        root = Rootfs.fromBaseImage(Workspace.baseImage());
        root.mountProc();
        s3 = LocalS3Server.start("bmo-photos");
    }

    @AfterAll
    void removeRootAndS3() {
        try {
            if (s3 != null) {
                s3.close();
            }
        } finally {
            if (root != null) {
                root.close();
            }
        }
    }

    @Test
    @Order(1)
    void installsWithItsUserStateDirectoryAndEnabledUnit() throws IOException {
        dpkg("--install", first.deb().toString());

        assertThat(status()).contains("Status: install ok installed").contains("Version: " + first.version());
        String passwd = passwdLine(PKG);
        assertThat(passwd).endsWith(":/var/lib/" + PKG + ":/usr/sbin/nologin");
        int uid = Integer.parseInt(passwd.split(":")[2]);
        assertThat(uid).isBetween(100, 999); // a system user
        assertThat(root.read("/etc/group")).containsPattern("(?m)^" + PKG + ":x:\\d+:");

        Path state = root.file("/var/lib/" + PKG);
        assertThat(Files.getAttribute(state, "unix:uid")).isEqualTo(uid);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state))).isEqualTo("rwxr-x---");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.file("/etc/default/" + PKG))))
                .isEqualTo("rw-------");
        assertThat(root.file("/opt/bmo/converter/" + PKG + ".jar")).isRegularFile();

        Path wants = root.file("/etc/systemd/system/multi-user.target.wants/" + PKG + ".service");
        assertThat(Files.isSymbolicLink(wants)).as("the unit is enabled").isTrue();
        assertThat(Files.readSymbolicLink(wants)).hasToString("/lib/systemd/system/" + PKG + ".service");
    }

    @Test
    @Order(2)
    void startsFromTheInstalledFilesAsItsUnitSaysAndReportsHealthy() throws IOException {
        int port = ServiceProcess.freePort();
        // the operator's local edit: this host's port (also kept across the upgrade below)
        StringBuilder edit = new StringBuilder("\n# local edit: this test's port and S3 server\n");
        edit.append("BMO_CONVERTER_PORT=").append(port).append("\nSERVER_PORT=").append(port)
                .append("\nMANAGEMENT_SERVER_PORT=").append(port).append('\n');
        s3.environment().forEach((name, value) -> edit.append(name).append('=').append(value).append('\n'));
        Files.writeString(root.file("/etc/default/" + PKG), edit, StandardOpenOption.APPEND);

        SystemdUnit unit = SystemdUnit.parse(root.read("/lib/systemd/system/" + PKG + ".service"));
        String user = unit.get("Service.User");
        Map<String, String> environment = new LinkedHashMap<>();
        // what systemd itself puts into a service's environment
        environment.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        environment.put("LANG", "C.UTF-8");
        environment.put("USER", user);
        environment.put("LOGNAME", user);
        environment.put("HOME", "/var/lib/" + PKG);
        environment.putAll(SystemdUnit.parseEnvironmentFile(root.read(unit.get("Service.EnvironmentFile"))));
        List<String> argv = unit.execStart(environment);
        assertThat(argv).contains("-XX:+ExitOnOutOfMemoryError", "-jar");

        try (ServiceProcess service = ServiceProcess.start(root, user + ":" + unit.get("Service.Group"),
                unit.get("Service.WorkingDirectory"), environment, argv)) {
            service.awaitHealthy(port, Duration.ofSeconds(120));
            String uid = passwdLine(user).split(":")[2];
            assertThat(Files.readAllLines(Path.of("/proc/" + service.pid() + "/status")))
                    .as("runs as its own user").anyMatch(l -> l.matches("Uid:\\s+" + uid + "\\s.*"));
        }
    }

    @Test
    @Order(3)
    void anUpgradeKeepsTheLocalEditsOfTheEnvironmentFile() {
        ConverterBuilds.Build next = ConverterBuilds.next();
        dpkg("--install", next.deb().toString());

        assertThat(status()).contains("Status: install ok installed").contains("Version: " + next.version());
        assertThat(root.read("/etc/default/" + PKG)).contains("# local edit: this test's port and S3 server");
        assertThat(root.file("/etc/default/" + PKG + ".dpkg-dist")).doesNotExist();
        assertThat(Files.isSymbolicLink(root.file("/etc/systemd/system/multi-user.target.wants/" + PKG + ".service")))
                .as("still enabled").isTrue();
    }

    @Test
    @Order(4)
    void purgeRemovesTheServiceAndItsStateButKeepsTheUser() {
        dpkg("--purge", PKG);

        assertThat(root.file("/opt/bmo/converter/" + PKG + ".jar")).doesNotExist();
        assertThat(root.file("/lib/systemd/system/" + PKG + ".service")).doesNotExist();
        assertThat(root.file("/etc/default/" + PKG)).doesNotExist();
        assertThat(root.file("/var/lib/" + PKG)).doesNotExist();
        assertThat(Files.exists(root.file("/etc/systemd/system/multi-user.target.wants/" + PKG + ".service"),
                java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(passwdLine(PKG)).isNotEmpty();
    }

    private void dpkg(String... arguments) {
        List<String> command = new java.util.ArrayList<>(List.of("dpkg", "--root=" + root.dir()));
        command.addAll(List.of(arguments));
        Command.of(command).timeout(Duration.ofMinutes(2)).check();
    }

    private String status() {
        return Command.of("dpkg", "--root=" + root.dir(), "--status", PKG).check().stdout();
    }

    private String passwdLine(String user) {
        return root.read("/etc/passwd").lines().filter(l -> l.startsWith(user + ":")).findFirst().orElse("");
    }
}

package dev.bmo.packaging;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * packaging/apt-publish and apt-serve: two versions of bmo-converter published into a signed
 * repository (with a throwaway key), checked with a real apt-get that trusts only that key.
 */
@ExtendWith(SharedWork.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("slow") // minutes of real rollouts, packaging, fleets or corpora: ./test --fast leaves it out
class AptRepositoryTest {

    private static final String PKG = "bmo-converter";

    private Path aptRoot;
    private ConverterBuilds.Build first;
    private ConverterBuilds.Build next;
    private Map<String, String> published;

    @BeforeAll
    void publishTwoVersions() {
        first = ConverterBuilds.first();
        next = ConverterBuilds.next();
        aptRoot = Workspace.newDirectory("apt-root");

        publish("local", first.deb()).check();
        published = KeyValueLines.parse(publish("local", next.deb()).check().stdout());
    }

    @Test
    void printsWhereTheSignedRepositoryIs() {
        Path repo = Path.of(published.get("repo"));
        assertThat(repo).startsWith(aptRoot);
        assertThat(published).containsEntry("suite", "local").containsEntry("component", "main");
        assertThat(repo.resolve("dists/local/InRelease")).isRegularFile();
        assertThat(repo.resolve("dists/local/Release.gpg")).isRegularFile();
        assertThat(Path.of(published.get("key"))).isRegularFile();
        assertThat(published.get("source"))
                .isEqualTo("deb [signed-by=" + published.get("key") + "] file://" + repo + " local main");
        // the signature is by the key printed, checked by gpgv alone
        Command.of("gpgv", "--keyring", published.get("key"), repo.resolve("dists/local/InRelease").toString()).check();
    }

    @Test
    void aptVerifiesTheSignatureAndSeesBothVersionsNewestFirst() {
        AptClient apt = new AptClient(published.get("source"));
        Command.Result update = apt.aptGet("update").check();
        assertThat(update.output()).doesNotContain("W:", "Err:", "NO_PUBKEY");

        String madison = apt.aptCache("madison", PKG).check().stdout();
        assertThat(madison).contains(first.version()).contains(next.version());
        assertThat(apt.aptCache("policy", PKG).check().stdout()).contains("Candidate: " + next.version());
    }

    @Test
    void aPinnedOlderVersionCanBeSelectedAndDownloaded() throws IOException {
        AptClient apt = new AptClient(published.get("source"));
        apt.aptGet("update").check();
        apt.pin(PKG, first.version());

        assertThat(apt.aptCache("policy", PKG).check().stdout()).contains("Candidate: " + first.version());
        apt.aptGet("download", PKG + "=" + first.version()).check();
        List<Path> downloaded;
        try (var files = Files.list(apt.downloads())) {
            downloaded = files.filter(f -> f.toString().endsWith(".deb")).toList();
        }
        assertThat(downloaded).hasSize(1);
        assertThat(Files.mismatch(downloaded.get(0), first.deb())).as("the same bytes as published").isEqualTo(-1L);
    }

    @Test
    void aKeyThatDidNotSignTheRepositoryIsRefused() {
        Path otherHome = Workspace.newDirectory("other-gnupg");
        Command.of("gpg", "--homedir", otherHome.toString(), "--batch", "--passphrase", "", "--quick-generate-key",
                "someone else <other@localhost>", "ed25519", "sign", "never").check();
        Path otherKey = otherHome.resolve("other.gpg");
        Command.of("bash", "-c", "gpg --homedir \"$1\" --batch --export > \"$2\"", "export",
                otherHome.toString(), otherKey.toString()).check();

        AptClient apt = new AptClient("deb [signed-by=" + otherKey + "] file://" + published.get("repo") + " local main");
        Command.Result update = apt.aptGet("update");

        assertThat(update.exitCode()).as(update.output()).isNotZero();
        assertThat(update.output()).contains("NO_PUBKEY");
        assertThat(apt.aptCache("policy", PKG).stdout()).doesNotContain(first.version());
    }

    @Test
    void republishingTheSameBytesIsFineButOtherBytesUnderAPublishedVersionAreRefused() {
        publish("local", first.deb()).check();

        Path unpacked = Workspace.newDirectory("tampered");
        Command.of("dpkg-deb", "--raw-extract", first.deb().toString(), unpacked.resolve("pkg").toString()).check();
        Command.of("bash", "-c", "echo '# changed' >> \"$1\"", "append",
                unpacked.resolve("pkg/etc/default/" + PKG).toString()).check();
        Path tampered = unpacked.resolve(first.deb().getFileName());
        Command.of("dpkg-deb", "--build", "--root-owner-group", unpacked.resolve("pkg").toString(), tampered.toString()).check();

        Command.Result result = publish("local", tampered);
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("conflict").contains("never replaced by other bytes");
        assertThat(result.stdout()).isEmpty();
    }

    @Test
    void aBadEnvironmentNameOrMissingFileIsAClearError() {
        Command.Result badName = publish("../prod", first.deb());
        assertThat(badName.exitCode()).isNotZero();
        assertThat(badName.stderr()).contains("must be lower-case letters, digits and dashes");

        Command.Result missing = publish("local", aptRoot.resolve("nope.deb"));
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.stderr()).contains("no such package file");
    }

    @Test
    void aptServeServesTheRepositoryOverHttp() throws Exception {
        int port = ServiceProcess.freePort();
        Process server = Command.of(Workspace.root().resolve("packaging/apt-serve").toString(),
                "--listen", "127.0.0.1:" + port).env("BMO_APT_ROOT", aptRoot.toString()).builder()
                .redirectErrorStream(true).redirectOutput(aptRoot.resolve("serve.log").toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                try (Socket socket = new Socket("127.0.0.1", port)) {
                    return true;
                } catch (IOException e) {
                    return false;
                }
            });
            AptClient apt = new AptClient("deb [signed-by=" + published.get("key") + "] http://127.0.0.1:" + port
                    + "/local local main");
            Command.Result update = apt.aptGet("update").check();
            assertThat(update.output()).doesNotContain("W:", "Err:");
            assertThat(apt.aptCache("madison", PKG).check().stdout()).contains(next.version());
        } finally {
            server.destroy();
            server.waitFor();
        }
    }

    private Command.Result publish(String environment, Path... debs) {
        List<String> command = new ArrayList<>(List.of(Workspace.root().resolve("packaging/apt-publish").toString(),
                environment));
        for (Path deb : debs) {
            command.add(deb.toString());
        }
        return Command.of(command).env("BMO_APT_ROOT", aptRoot.toString()).unsetEnv("BMO_APT_GPG_KEY")
                .unsetEnv("BMO_APT_GNUPGHOME").unsetEnv("BMO_APT_GPG_KEY_FILE").timeout(Duration.ofMinutes(2)).run();
    }
}

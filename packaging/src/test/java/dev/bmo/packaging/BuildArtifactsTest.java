package dev.bmo.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** packaging/build-artifacts, run the way BMO runs it: in a checkout of one commit. */
@ExtendWith(SharedWork.class)
@Tag("slow") // minutes of real rollouts, packaging, fleets or corpora: ./test --fast leaves it out
class BuildArtifactsTest {

    @Test
    void printsTheArtifactsAndTheVersionOfTheCommit() {
        ConverterBuilds.Build build = ConverterBuilds.first();

        assertThat(build.output()).containsKeys("service", "commit", "version", "jar", "deb", "image", "image_ref");
        assertThat(build.output().get("service")).isEqualTo("bmo-converter");
        String commit = build.commit();
        String count = ConverterBuilds.git(build.checkout(), "rev-list", "--count", commit).stdout().strip();
        assertThat(build.version()).matches(ServiceDebsTest.VERSION)
                .endsWith("+git" + count + "." + commit.substring(0, 7));
        assertThat(build.deb()).isRegularFile();
        assertThat(build.jar()).isRegularFile();
        assertThat(build.image()).isRegularFile();
        assertThat(DebPackage.fields(build.deb()).get("Version")).isEqualTo(build.version());
        assertThat(build.output().get("image_ref"))
                .isEqualTo("bmo/converter:" + build.version().replace('~', '-').replace('+', '-'));
    }

    @Test
    void theSameCommitInAnotherCheckoutGivesTheSameBytes() throws IOException {
        ConverterBuilds.Build first = ConverterBuilds.first();
        ConverterBuilds.Build rebuilt = ConverterBuilds.rebuilt();

        assertThat(rebuilt.checkout()).isNotEqualTo(first.checkout());
        assertThat(rebuilt.commit()).isEqualTo(first.commit());
        assertThat(rebuilt.version()).isEqualTo(first.version());
        assertSameBytes(rebuilt.jar(), first.jar());
        assertSameBytes(rebuilt.deb(), first.deb());
        assertSameBytes(rebuilt.image(), first.image());
    }

    @Test
    void aLaterCommitGetsAVersionThatSortsHigher() {
        ConverterBuilds.Build first = ConverterBuilds.first();
        ConverterBuilds.Build next = ConverterBuilds.next();

        assertThat(next.version()).isNotEqualTo(first.version());
        Command.of("dpkg", "--compare-versions", next.version(), "gt", first.version()).check();
        assertThat(next.output()).doesNotContainKey("image");
    }

    @Test
    void anUnknownServiceIsAClearErrorAndBuildsNothing() {
        Command.Result result = ConverterBuilds.buildArtifacts(Workspace.root(), "toaster");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("unknown service 'toaster'").contains("resizer, media, converter, api, bot");
        assertThat(result.stdout()).isEmpty();
    }

    private static void assertSameBytes(Path actual, Path expected) throws IOException {
        assertThat(Files.mismatch(actual, expected)).as("%s differs from %s", actual, expected).isEqualTo(-1L);
    }
}

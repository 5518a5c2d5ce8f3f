package dev.bmo.bot.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bmo.bot.support.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostTargetsTest {

    @TempDir
    Path dir;

    @Test
    void theServicesHostsNarrowedByTheLimitAndTheInventoryReadAnewEachTime() throws Exception {
        TestRepo repo = new TestRepo(dir);
        Catalog catalog = CatalogLoader.load(repo.dir.resolve("catalog.yml"));
        ServiceSpec tiny = catalog.service("tiny").orElseThrow();
        EnvironmentSpec test = catalog.environment("test").orElseThrow();
        HostTargets targets = new HostTargets(repo.dir);

        assertThat(targets.of(tiny, test, List.of())).containsExactly("h1", "h2", "h3");
        assertThat(targets.of(tiny, test, List.of("h2"))).containsExactly("h2");
        assertThat(targets.of(tiny, test, List.of("tiny"))).containsExactly("h1", "h2", "h3");
        assertThatThrownBy(() -> targets.of(tiny, test, List.of("h9")))
                .isInstanceOf(CatalogException.class)
                .hasMessage("'h9' is neither a host nor a group of test (hosts of tiny: h1, h2, h3).");

        Files.writeString(repo.dir.resolve("hosts.yml"), "all: [");
        assertThatThrownBy(() -> targets.of(tiny, test, List.of()))
                .isInstanceOf(CatalogException.class)
                .hasMessageStartingWith("The inventory of test is broken: cannot read the inventory ");
        assertThatThrownBy(() -> targets.inventory(test))
                .isInstanceOf(CatalogException.class)
                .hasMessageStartingWith("cannot read the inventory ");
    }
}

package dev.bmo.bot.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bmo.bot.catalog.Catalog;
import dev.bmo.bot.catalog.CatalogLoader;
import dev.bmo.bot.catalog.EnvironmentSpec;
import dev.bmo.bot.command.Caller;
import dev.bmo.bot.history.AuditLog;
import dev.bmo.bot.history.DeployHistory;
import dev.bmo.bot.history.DeployRecord;
import dev.bmo.bot.history.NewDeploy;
import dev.bmo.bot.support.TestDatabase;
import dev.bmo.bot.support.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The permission checks and the catalog look-ups a deploy goes through before anything is recorded. */
class DeployPermissionsTest {

    @TempDir
    Path dir;

    @Test
    void refusalsSayWhoMayAndDeployRefusalsGoIntoTheAudit() throws Exception {
        TestRepo repo = new TestRepo(dir);
        Catalog catalog = CatalogLoader.load(repo.dir.resolve("catalog.yml"));
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2)) {
            AuditLog audit = new AuditLog(db.jdbc());
            DeployPermissions rules = new DeployPermissions(catalog, audit);
            EnvironmentSpec guarded = catalog.environment("guarded").orElseThrow();
            Caller alice = new Caller("alice", Set.of());
            Caller carol = new Caller("carol", Set.of());
            Caller mallory = new Caller("mallory", Set.of());

            assertThatCode(() -> rules.checkDeployer(alice, guarded, "deploy tiny")).doesNotThrowAnyException();
            assertThatThrownBy(() -> rules.checkDeployer(mallory, guarded, "deploy tiny"))
                    .isInstanceOf(DeployRefused.class)
                    .hasMessage("You cannot deploy tiny in guarded: mallory may not deploy to guarded (allowed: "
                            + "alice, bob, @approvers).");
            assertThat(audit.recent(10)).anySatisfy(a -> {
                assertThat(a.actor()).isEqualTo("mallory");
                assertThat(a.action()).isEqualTo("refused");
            });

            DeployRecord d = new DeployHistory(db.jdbc()).record(new NewDeploy(null, "deploy", "tiny", "guarded", "",
                    "main", "alice", false, false, null, null)).deploy();
            assertThatCode(() -> rules.checkApprover(carol, guarded, d)).doesNotThrowAnyException();
            assertThatThrownBy(() -> rules.checkApprover(alice, guarded, d))
                    .isInstanceOf(DeployRefused.class)
                    .hasMessage("You cannot approve #" + d.id() + ": the requester cannot approve their own deploy: a "
                            + "second person must.");
            // the requester may withdraw their own; someone who may not approve may not reject
            assertThatCode(() -> rules.checkRejecter(alice, guarded, d)).doesNotThrowAnyException();
            assertThatThrownBy(() -> rules.checkRejecter(mallory, guarded, d))
                    .isInstanceOf(DeployRefused.class).hasMessageStartingWith("You cannot reject #" + d.id() + ": ");
        }
    }

    @Test
    void whatIsNotInTheCatalogOrTheInventoryRefusesTheDeploy() throws Exception {
        TestRepo repo = new TestRepo(dir);
        DeployTargets targets = new DeployTargets(CatalogLoader.load(repo.dir.resolve("catalog.yml")), repo.dir);

        assertThatThrownBy(() -> targets.service("huge")).isInstanceOf(DeployRefused.class)
                .hasMessage("There is no service 'huge' in the catalog (services: tiny).");
        assertThatThrownBy(() -> targets.environment("moon")).isInstanceOf(DeployRefused.class)
                .hasMessage("There is no environment 'moon' in the catalog (environments: guarded, test).");
        assertThat(targets.hosts(targets.service("tiny"), targets.environment("test"), List.of("h3")))
                .containsExactly("h3");
        Files.writeString(repo.dir.resolve("hosts.yml"), "all: [");
        assertThatThrownBy(() -> targets.hosts(targets.service("tiny"), targets.environment("test"), List.of()))
                .isInstanceOf(DeployRefused.class).hasMessageStartingWith("The inventory of test is broken: ");
    }
}

package dev.bmo.bot.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.bmo.bot.command.Caller;
import dev.bmo.bot.command.Reply;
import dev.bmo.bot.deploy.stage.ResolveStage;
import dev.bmo.bot.logging.LogContext;
import dev.bmo.bot.process.CommandRunner;
import dev.bmo.bot.support.CapturedLog;
import dev.bmo.bot.support.QuickStage;
import dev.bmo.bot.support.TestBot;
import dev.bmo.bot.support.TestDatabase;
import dev.bmo.bot.support.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Every line BMO logs while it works on a deploy carries the deploy's id, service, environment and commit, on
 * the deploy's own thread and on the threads it starts (a process's output reader here, as for Ansible), and
 * the worker thread is clean again for the next deploy. Real logback, real processes, no Ansible.
 */
@Isolated // captures the root logger: no other test class may run beside it (./test --fast runs classes in parallel)
class DeployLogContextTest {

    private static final Logger LOG = LoggerFactory.getLogger(DeployLogContextTest.class.getName()
            .replace("dev.bmo.bot.deploy", "dev.bmo.bot.deploy.test"));

    @TempDir
    Path dir;

    /** What the stage saw of the log context as it started, per deploy id. */
    private final Map<String, Map<String, String>> seenAtStart = new ConcurrentHashMap<>();

    /** A stage that logs from its own thread, from a process's output reader, and about one host. */
    private final class Chatty implements Stage {
        @Override
        public String name() {
            return "chatty";
        }

        @Override
        public StageResult run(DeployContext ctx) throws Exception {
            seenAtStart.put(Long.toString(ctx.id()), MDC.getCopyOfContextMap());
            LOG.info("on the deploy's thread");
            CommandRunner.run(new CommandRunner.Spec(List.of("printf", "first\\nsecond\\n"), dir, Map.of(),
                    Duration.ofSeconds(10), line -> LOG.info("the process said {}", line), line -> { }, ctx.cancellation()));
            try (LogContext.Scope about = DeployLogContext.host("h2")) {
                LOG.warn("h2 looks unwell");
            }
            LOG.info("after the host line");
            return StageResult.passed("chatted");
        }
    }

    @Test
    void theDeploysLinesCarryItsKeysOnEveryThreadItStarts() throws Exception {
        TestRepo repo = new TestRepo(Files.createDirectories(dir.resolve("repo")));
        String commit = repo.head();
        try (CapturedLog log = new CapturedLog();
                TestBot bot = new TestBot(TestDatabase.create(TestDatabase.Kind.H2), repo.dir,
                        repo.dir.resolve("catalog.yml"), new DeployPipeline(List.of(new ResolveStage(), new Chatty(),
                                new QuickStage("deploy"))), dir.resolve("state"), List.of())) {
            Reply first = bot.core.handle(new Caller("alice", Set.of()), "deploy tiny");
            assertThat(first.deploy()).as(first.text()).isNotNull();
            assertThat(first.deploy().done().get(30, TimeUnit.SECONDS).succeeded()).isTrue();
            String id = Long.toString(first.deploy().id());
            Map<String, String> keys = Map.of(DeployLogContext.ID, id, DeployLogContext.SERVICE, "tiny",
                    DeployLogContext.ENVIRONMENT, "test", DeployLogContext.COMMIT, commit);

            List<ILoggingEvent> mine = log.lines().stream()
                    .filter(e -> id.equals(e.getMDCPropertyMap().get(DeployLogContext.ID))).toList();
            assertThat(mine).extracting(ILoggingEvent::getFormattedMessage).contains("on the deploy's thread",
                    "the process said first", "the process said second", "h2 looks unwell", "after the host line",
                    "#" + id + " started", "#" + id + " [chatty] ...");
            // lines from the deploy's worker and from the process's output reader, every one with all four keys
            assertThat(mine).extracting(ILoggingEvent::getThreadName).contains("deploy", "process-output");
            for (ILoggingEvent e : mine) {
                assertThat(e.getMDCPropertyMap()).as(e.getFormattedMessage()).containsAllEntriesOf(keys);
            }
            assertThat(line(mine, "the process said first").getThreadName()).isEqualTo("process-output");
            assertThat(line(mine, "h2 looks unwell").getMDCPropertyMap()).containsEntry(DeployLogContext.HOST, "h2");
            assertThat(line(mine, "after the host line").getMDCPropertyMap()).doesNotContainKey(DeployLogContext.HOST);
            assertThat(line(mine, "#" + id + " [chatty] passed").getLevel().toString()).isEqualTo("INFO");
            assertThat(mine).extracting(ILoggingEvent::getFormattedMessage)
                    .anySatisfy(m -> assertThat(m).startsWith("#" + id + " deploy of tiny to test").contains("SUCCEEDED"));
            // the request's line, logged on the thread that asked, has them too (from the deploy's record)
            assertThat(line(mine, "requested by alice").getThreadName()).isEqualTo(Thread.currentThread().getName());
            // the thread that asked has no deploy's keys left over
            assertThat(MDC.getCopyOfContextMap() == null || MDC.getCopyOfContextMap().isEmpty()).isTrue();

            // the next deploy on the same (pooled) worker starts with its own keys and nothing else
            String c2 = repo.commit("second");
            Reply second = bot.core.handle(new Caller("bob", Set.of()), "deploy tiny/" + c2.substring(0, 10));
            assertThat(second.deploy().done().get(30, TimeUnit.SECONDS).succeeded()).isTrue();
            String id2 = Long.toString(second.deploy().id());
            assertThat(seenAtStart.get(id2)).isEqualTo(Map.of(DeployLogContext.ID, id2, DeployLogContext.SERVICE, "tiny",
                    DeployLogContext.ENVIRONMENT, "test", DeployLogContext.COMMIT, c2));
            assertThat(log.lines()).filteredOn(e -> e.getFormattedMessage().equals("the process said first")
                    && id2.equals(e.getMDCPropertyMap().get(DeployLogContext.ID))).hasSize(1);
        }
    }

    private static ILoggingEvent line(List<ILoggingEvent> lines, String text) {
        return lines.stream().filter(e -> e.getFormattedMessage().contains(text)).findFirst()
                .orElseThrow(() -> new AssertionError("no line with '" + text + "' among "
                        + lines.stream().map(ILoggingEvent::getFormattedMessage).toList()));
    }

    @Test
    void aCarriedTaskRunsWithItsMakersContextAndLeavesItsThreadsAlone() throws Exception {
        Map<String, String> seen = new ConcurrentHashMap<>();
        Runnable task;
        try (LogContext.Scope deploy = DeployLogContext.of(7, "resizer", "production", "abc123")) {
            task = LogContext.carried(() -> seen.putAll(MDC.getCopyOfContextMap()));
        }
        assertThat(MDC.getCopyOfContextMap() == null || MDC.getCopyOfContextMap().isEmpty()).isTrue();
        Thread t = new Thread(() -> {
            MDC.put("own", "kept");
            task.run();
            seen.put("after", String.valueOf(MDC.getCopyOfContextMap()));
        });
        t.start();
        t.join(5000);
        assertThat(seen).containsEntry(DeployLogContext.ID, "7").containsEntry(DeployLogContext.COMMIT, "abc123")
                .doesNotContainKey("own").containsEntry("after", "{own=kept}");
    }
}

package dev.bmo.bot.shell;

import dev.bmo.bot.command.Caller;
import dev.bmo.bot.command.CommandCore;
import dev.bmo.bot.command.CommandRequest;
import dev.bmo.bot.command.Reply;
import dev.bmo.bot.deploy.DeployEventText;
import dev.bmo.bot.deploy.DeployListener;
import dev.bmo.bot.deploy.DeployService;
import dev.bmo.bot.deploy.DeploySummary;
import dev.bmo.bot.history.DeployRecord;
import dev.bmo.bot.history.DeployStatus;
import java.io.PrintStream;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.stereotype.Component;

/**
 * The local shell adapter: {@code bmo -c "<command>"} runs one command and exits non-zero when it
 * failed (a deploy is followed to its end, a line per event as it happens); without {@code -c} it
 * opens an interactive prompt where deploys report above the prompt while you type. The caller is
 * the local user, with the permissions the catalog gives them.
 */
@Component
@ConditionalOnProperty(name = "bmo.shell.enabled", havingValue = "true", matchIfMissing = true)
public class LocalShell implements ApplicationRunner, ExitCodeGenerator {

    private final CommandCore core;
    private final DeployService deploys;
    private final PrintStream out;
    private int exitCode;

    @Autowired
    public LocalShell(CommandCore core, DeployService deploys) {
        this(core, deploys, System.out);
    }

    LocalShell(CommandCore core, DeployService deploys, PrintStream out) {
        this.core = core;
        this.deploys = deploys;
        this.out = out;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        // the shell prints every deploy's progress itself: its INFO lines in BMO's log would say it twice
        LoggingSystem.get(getClass().getClassLoader()).setLogLevel("dev.bmo.bot.deploy", LogLevel.WARN);
        String[] raw = args.getSourceArgs();
        if (raw.length >= 1 && raw[0].equals("-c")) {
            if (raw.length != 2) {
                out.println("usage: bmo -c \"<command>\"   (for example: bmo -c help)");
                exitCode = 2;
                return;
            }
            announceInterrupted(out::println);
            exitCode = runOne(raw[1]) ? 0 : 1;
            return;
        }
        interactive();
    }

    /** Runs one command; a deploy it starts is followed until it ends. True when all went well. */
    boolean runOne(String command) throws InterruptedException {
        DeployListener printer = event -> {
            synchronized (out) {
                out.println(DeployEventText.line(event));
            }
        };
        Reply reply = core.handle(new CommandRequest(Caller.local(), command, null, "shell", printer));
        if (reply.deploy() == null) {
            out.println(shown(reply));
            return reply.ok();
        }
        DeployStatus status = reply.deploy().status();
        if (status != DeployStatus.RUNNING && !status.isFinal()) {
            out.println(reply.text());
        }
        if (status == DeployStatus.AWAITING_APPROVAL) {
            return true; // the approval may come from anyone, any time; the deploy waits in the database
        }
        if (reply.deploy().duplicate() || status.isFinal()) {
            if (status.isFinal()) {
                out.println(reply.text());
            }
            return reply.ok();
        }
        try {
            DeploySummary summary = reply.deploy().done().get();
            return summary.succeeded();
        } catch (ExecutionException e) {
            out.println("The deploy could not be followed: " + e.getCause());
            return false;
        }
    }

    /** What a terminal shows of a reply: the whole answer when there is a file of it (a terminal has room). */
    static String shown(Reply reply) {
        return reply.file() == null ? reply.text() : reply.file().content().stripTrailing();
    }

    private void announceInterrupted(Consumer<String> print) {
        for (DeployRecord d : deploys.interruptedAtStartup()) {
            print.accept(DeployEventText.interrupted(d));
        }
    }

    private void interactive() throws Exception {
        try (Terminal terminal = TerminalBuilder.builder().system(true).dumb(true).build()) {
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("bmo").build();
            terminal.writer().println("BMO shell. Type 'help' for commands, 'exit' or Ctrl-D to leave.");
            announceInterrupted(terminal.writer()::println);
            // deploys keep running while you type: their lines appear above the prompt
            DeployListener above = event -> reader.printAbove(DeployEventText.line(event));
            while (true) {
                String line;
                try {
                    line = reader.readLine("bmo> ");
                } catch (UserInterruptException ignored) {
                    continue;
                } catch (EndOfFileException eof) {
                    return;
                }
                if (line.isBlank()) {
                    continue;
                }
                if (line.strip().equals("exit") || line.strip().equals("quit")) {
                    return;
                }
                Reply reply = core.handle(new CommandRequest(Caller.local(), line, null, "shell", above));
                if (reply.deploy() == null || reply.deploy().status() != DeployStatus.RUNNING) {
                    terminal.writer().println(shown(reply));
                }
                terminal.flush();
            }
        }
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }
}

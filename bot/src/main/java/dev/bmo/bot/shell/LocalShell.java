package dev.bmo.bot.shell;

import dev.bmo.bot.command.Caller;
import dev.bmo.bot.command.CommandCore;
import dev.bmo.bot.command.Reply;
import java.io.PrintStream;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.stereotype.Component;

/**
 * The local shell adapter: {@code bmo -c "<command>"} runs one command and exits non-zero when it
 * failed; without {@code -c} it opens an interactive prompt. The caller is the local user.
 */
@Component
public class LocalShell implements ApplicationRunner, ExitCodeGenerator {

    private final CommandCore core;
    private final PrintStream out;
    private int exitCode;

    public LocalShell(CommandCore core) {
        this.core = core;
        this.out = System.out;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        String[] raw = args.getSourceArgs();
        if (raw.length >= 1 && raw[0].equals("-c")) {
            if (raw.length != 2) {
                out.println("usage: bmo -c \"<command>\"   (for example: bmo -c help)");
                exitCode = 2;
                return;
            }
            exitCode = runOne(raw[1]) ? 0 : 1;
            return;
        }
        interactive();
    }

    boolean runOne(String command) {
        Reply reply = core.handle(Caller.local(), command);
        out.println(reply.text());
        return reply.ok();
    }

    private void interactive() throws Exception {
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("bmo").build();
            terminal.writer().println("BMO shell. Type 'help' for commands, 'exit' or Ctrl-D to leave.");
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
                Reply reply = core.handle(Caller.local(), line);
                terminal.writer().println(reply.text());
                terminal.flush();
            }
        }
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }
}

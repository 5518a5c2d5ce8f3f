package dev.bmo.bot.command;

import dev.bmo.bot.catalog.CatalogException;
import dev.bmo.bot.deploy.DeployRefused;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat-agnostic heart of BMO: every adapter (shell, Slack) hands it text and relays its reply.
 * Parses with {@link Grammar}, then dispatches; plugged-in {@link CommandHandler}s come first.
 */
public class CommandCore {

    private static final Logger LOG = LoggerFactory.getLogger(CommandCore.class);

    private final Grammar grammar;
    private final DeployCommands deploys;
    private final HistoryCommands history;
    private final LockCommands locks;
    private final HelpCommand help;
    private final List<CommandHandler> handlers;

    public CommandCore(Grammar grammar, DeployCommands deploys, HistoryCommands history, LockCommands locks,
            HelpCommand help, List<CommandHandler> handlers) {
        this.grammar = grammar;
        this.deploys = deploys;
        this.history = history;
        this.locks = locks;
        this.help = help;
        this.handlers = List.copyOf(handlers);
    }

    public Reply handle(Caller caller, String text) {
        return handle(CommandRequest.of(caller, text));
    }

    public Reply handle(CommandRequest request) {
        Command command;
        try {
            command = grammar.parse(request.text());
        } catch (CommandSyntaxException e) {
            return Reply.error(e.explain());
        }
        try {
            for (CommandHandler h : handlers) {
                if (h.handles(command)) {
                    return h.handle(request, command);
                }
            }
            return dispatch(request, command);
        } catch (DeployRefused | CatalogException e) {
            return Reply.error(e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("command failed: {}", command, e);
            return Reply.error("Something broke while doing that: " + e.getMessage());
        }
    }

    private Reply dispatch(CommandRequest request, Command command) {
        Caller caller = request.caller();
        if (command instanceof Command.Help h) {
            return help.help(caller, h.topic());
        } else if (command instanceof Command.Deploy d) {
            return deploys.deploy(request, d);
        } else if (command instanceof Command.Rollback r) {
            return deploys.rollback(request, r);
        } else if (command instanceof Command.Approve a) {
            return deploys.approve(request, a);
        } else if (command instanceof Command.Reject r) {
            return deploys.reject(request, r);
        } else if (command instanceof Command.Cancel c) {
            return deploys.cancel(request, c);
        } else if (command instanceof Command.Decide d) {
            return deploys.decide(request, d);
        } else if (command instanceof Command.Deploys d) {
            return history.deploys(d);
        } else if (command instanceof Command.Logs l) {
            return history.logs(l);
        } else if (command instanceof Command.LogSearch s) {
            return history.search(s);
        } else if (command instanceof Command.Lock l) {
            return locks.lock(caller, l);
        } else if (command instanceof Command.Unlock u) {
            return locks.unlock(caller, u);
        } else if (command instanceof Command.Locks) {
            return locks.locks();
        } else if (command instanceof Command.Wcid w) {
            return locks.wcid(caller, w);
        } else if (command instanceof Command.Status) {
            return Reply.error("'status' is not available in this BMO yet.");
        } else if (command instanceof Command.Metrics) {
            return Reply.error("'metrics' is not available in this BMO yet.");
        } else if (command instanceof Command.Journal) {
            return Reply.error("'journal' is not available in this BMO yet.");
        }
        throw new IllegalStateException("no handling for " + command);
    }
}

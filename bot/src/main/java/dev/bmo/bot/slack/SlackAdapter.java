package dev.bmo.bot.slack;

import dev.bmo.bot.history.DeployRecord;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.builtin.EventRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.methods.MethodsClient;
import com.slack.api.model.event.AppMentionEvent;
import com.slack.api.model.event.MessageEvent;
import com.slack.api.webhook.WebhookResponse;
import com.google.gson.JsonObject;
import dev.bmo.bot.command.Caller;
import dev.bmo.bot.command.CommandRequest;
import dev.bmo.bot.command.Reply;
import dev.bmo.bot.deploy.DeployListener;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BMO in Slack: a Bolt app that hands every command to the command core, whether it came as a
 * channel message ({@code bmo deploy resizer to production}), a mention ({@code @BMO deploy
 * resizer}) or the slash command ({@code /bmo deploy resizer}). Every request is acknowledged at
 * once; the command runs in the background and answers through {@link SlackOutbox}. A deploy gets
 * its own {@link SlackDeployThread}, the request's listener of the core's deploy events; approvals and the answers to a paused rollout come back as button
 * clicks, run as the core's {@code approve}/{@code reject} and {@code continue}/{@code rollback} commands
 * in the name of whoever clicked.
 *
 * <p>The same app serves both connection modes: {@link SlackHttpEndpoint} (signed HTTP requests)
 * and {@link SlackSocketMode}.
 */
public final class SlackAdapter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SlackAdapter.class);

    /** "bmo" at the start of a message, then the command (or nothing: help). */
    private static final Pattern BMO_PREFIX = Pattern.compile("^\\s*bmo(?:\\s+(.*))?$",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    /** A leading mention of someone, as Slack writes it: {@code <@U123>} or {@code <@U123|name>}. */
    private static final Pattern LEADING_MENTION = Pattern.compile("^\\s*<@[A-Z0-9]+(?:\\|[^>]*)?>[\\s:,]*");

    private final SlackSettings settings;
    private final CommandGateway gateway;
    private final Slack slack;
    private final MethodsClient bot;
    private final SlackOutbox outbox;
    private final SlackCallers callers;
    private final SlackSearch search;
    private final EventDedup dedup;
    private final ExecutorService workers;
    private final App app;

    public SlackAdapter(SlackSettings settings, CommandGateway gateway) {
        this.settings = settings;
        this.gateway = gateway;
        SlackConfig config = new SlackConfig();
        config.setPrettyResponseLoggingEnabled(false);
        if (!SlackSettings.blank(settings.apiUrl())) {
            config.setMethodsEndpointUrlPrefix(settings.apiUrl());
        }
        this.slack = Slack.getInstance(config);
        this.bot = slack.methods(settings.botToken());
        this.outbox = new SlackOutbox(bot, settings.messageInterval());
        this.callers = new SlackCallers(bot, Duration.ofMinutes(1));
        this.search = settings.searchEnabled() ? new SlackSearch(slack.methods(settings.userToken()), 5) : null;
        this.dedup = new EventDedup(Duration.ofHours(2), 100_000);
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "bmo-slack-command-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.app = buildApp();
    }

    private App buildApp() {
        boolean http = settings.slackMode() == SlackMode.HTTP;
        AppConfig config = AppConfig.builder()
                .slack(slack)
                .singleTeamBotToken(settings.botToken())
                .signingSecret(http ? settings.signingSecret() : null)
                .requestVerificationEnabled(http)
                .build();
        // events BMO does not handle are still acknowledged, or Slack would redeliver them
        config.setUnmatchedRequestHandler(req -> req instanceof EventRequest ? Response.ok()
                : Response.builder().statusCode(404).contentType(Response.CONTENT_TYPE_APPLICATION_JSON_UTF8)
                        .body("{\"error\":\"no handler found\"}").build());
        App app = new App(config);

        app.event(MessageEvent.class, (payload, ctx) -> {
            MessageEvent e = payload.getEvent();
            String command = e.getBotId() == null && e.getSubtype() == null ? commandOf(e.getText(), false) : null;
            if (command != null) {
                accept("msg:" + e.getChannel() + ":" + e.getTs(), e.getUser(), command, e.getChannel(),
                        e.getThreadTs(), null);
            }
            return ctx.ack();
        });
        app.event(AppMentionEvent.class, (payload, ctx) -> {
            AppMentionEvent e = payload.getEvent();
            String command = e.getBotId() == null ? commandOf(e.getText(), true) : null;
            if (command != null) {
                accept("msg:" + e.getChannel() + ":" + e.getTs(), e.getUser(), command, e.getChannel(),
                        e.getThreadTs(), null);
            }
            return ctx.ack();
        });
        app.command("/bmo", (req, ctx) -> {
            var p = req.getPayload();
            String command = p.getText() == null ? "" : SlackText.unescape(p.getText()).strip();
            // a slash command's trigger id is unique per invocation: a redelivery carries the same one
            // the channel is part of the key: it is the deploy's origin, where a restart is announced
            boolean fresh = accept("cmd:" + p.getChannelId() + ":" + p.getTriggerId(), p.getUserId(), command,
                    p.getChannelId(), null, p.getResponseUrl());
            String shown = SlackText.escape(command); // `/bmo <!here>` must not ping anyone
            return ctx.ack(fresh ? "On it: `/bmo " + shown + "`" : "Already on it: `/bmo " + shown + "`");
        });
        app.blockAction(SlackDeployThread.APPROVE, (req, ctx) -> {
            decide(req.getPayload(), "approve");
            return ctx.ack();
        });
        app.blockAction(SlackDeployThread.REJECT, (req, ctx) -> {
            decide(req.getPayload(), "reject");
            return ctx.ack();
        });
        app.blockAction(SlackDeployThread.CONTINUE, (req, ctx) -> {
            decide(req.getPayload(), "continue");
            return ctx.ack();
        });
        app.blockAction(SlackDeployThread.ROLL_BACK, (req, ctx) -> {
            decide(req.getPayload(), "rollback");
            return ctx.ack();
        });
        return app;
    }

    /**
     * The command in a message, or null when the message is not for BMO. Messages must start with
     * "bmo"; a mention may be followed by the command with or without "bmo".
     */
    static String commandOf(String text, boolean mention) {
        if (text == null) {
            return null;
        }
        String rest = text;
        if (mention) {
            Matcher m = LEADING_MENTION.matcher(rest);
            if (m.find()) {
                rest = rest.substring(m.end());
            }
        }
        Matcher bmo = BMO_PREFIX.matcher(rest);
        // Slack sends what was typed with & < > as entities: the core reads the characters
        if (bmo.matches()) {
            return bmo.group(1) == null ? "help" : SlackText.unescape(bmo.group(1)).strip();
        }
        if (mention) {
            return rest.isBlank() ? "help" : SlackText.unescape(rest).strip();
        }
        return null;
    }

    /** Runs a command in the background unless this delivery was seen before; true when it runs. */
    /** @param responseUrl a slash command's response_url (null for messages): where its answers go */
    private boolean accept(String key, String user, String command, String channel, String threadTs,
            String responseUrl) {
        if (!dedup.first(key)) {
            log.info("Slack redelivered {}: already handled, not run again", key);
            return false;
        }
        workers.execute(() -> run(key, user, command, channel, threadTs, responseUrl));
        return true;
    }

    private void run(String key, String user, String command, String channel, String threadTs,
            String responseUrl) {
        SlackDeployThread deploy = new SlackDeployThread(outbox, channel, threadTs);
        Reply reply;
        try {
            Caller caller = callers.caller(user);
            // the request key is also the deploy's origin: where a restart is announced
            reply = gateway.handle(new CommandRequest(caller, command, "slack:" + key, "slack:" + key, deploy));
        } catch (RuntimeException e) {
            log.error("The command from Slack failed: {}", command, e);
            reply = Reply.error("BMO failed while running `" + command + "`: " + e.getMessage());
        }
        // the core's replies are plain text that may echo what was typed (`<!channel>`) and show the grammar's
        // placeholders (`<service>`): escaped, Slack shows them as written instead of pinging or linking
        String text = SlackText.escape(reply.text() == null ? "" : reply.text());
        if (search != null && reply.ok()) {
            List<String> words = SlackSearch.searchWords(command);
            if (!words.isEmpty()) {
                text = text + "\n\n" + search.search(words, channel);
            }
        }
        if (deploy.started() && responseUrl != null) {
            // a conversation BMO is not in (a DM, a private channel) cannot hold the deploy's thread:
            // the one who asked is told where to follow it instead of hearing nothing
            long id = reply.deploy() == null ? -1 : reply.deploy().id();
            String said = text;
            deploy.statusTs().whenComplete((ts, error) -> {
                if (ts == null) {
                    respond(responseUrl, ":warning: Deploy #" + id + " was accepted, but BMO is not in this"
                            + " conversation, so it cannot keep the deploy's thread here. Follow it with `/bmo logs "
                            + id + "` (or invite BMO to a channel and deploy from there); `/bmo cancel " + id
                            + "` stops it.\n" + said);
                }
            });
        }
        if (deploy.started()) {
            // the deploy's own thread already tells the story; a late refusal still goes there
            Reply refusal = new Reply(reply.ok(), text);
            if (!refusal.ok() && !deploy.isFinished()) {
                deploy.statusTs().thenAccept(ts -> postReply(channel, threadTs != null ? threadTs : ts, refusal));
            }
            return;
        }
        Reply.Attachment file = reply.file();
        if (responseUrl != null) {
            // a slash command is answered through its response_url: it works in DMs and in private
            // channels BMO is not a member of, where chat.postMessage gets channel_not_found
            messages(new Reply(reply.ok(), text)).forEach(piece -> respond(responseUrl, piece));
            if (file != null) {
                // a response_url takes no files: the file goes into the channel, if BMO may write there
                outbox.upload(channel, null, file.filename(), file.title(), file.content(), null)
                        .whenComplete((id, error) -> {
                            if (error != null) {
                                respond(responseUrl, ":warning: BMO cannot attach the whole answer here ("
                                        + SlackText.escape(String.valueOf(error.getMessage())) + "): ask in a channel"
                                        + " BMO is in, or narrow it down (level, grep, last).");
                            }
                        });
            }
            return;
        }
        CompletableFuture<String> posted = postReply(channel, threadTs, new Reply(reply.ok(), text));
        if (file != null) {
            // the whole answer goes into the reply's thread, as a deploy's full log goes into the deploy's
            posted.thenAccept(ts -> outbox.upload(channel, threadTs != null ? threadTs : ts, file.filename(),
                    file.title(), file.content(), null));
        }
    }

    /** Posts to a slash command's response_url, visible in the conversation it came from. */
    private void respond(String responseUrl, String text) {
        try {
            JsonObject body = new JsonObject();
            body.addProperty("response_type", "in_channel");
            body.addProperty("text", text);
            WebhookResponse r = slack.send(responseUrl, body.toString());
            if (r.getCode() / 100 != 2) {
                log.warn("The answer to a slash command was refused by Slack: HTTP {} {}", r.getCode(), r.getBody());
            }
        } catch (IOException e) {
            log.warn("Cannot answer a slash command through its response_url: {}", e.getMessage());
        }
    }

    /**
     * Says in the channel a deploy came from that it was cut short by a BMO restart (the core has marked it
     * interrupted and freed its lock), in the thread of the request when the request was a message.
     * Origins are this adapter's request keys: {@code slack:msg:<channel>:<ts>} or {@code slack:cmd:<channel>:<trigger>}.
     */
    public void announceInterrupted(List<DeployRecord> deploys) {
        for (DeployRecord d : deploys) {
            String origin = d.origin() == null ? "" : d.origin();
            String[] parts = origin.split(":", 4);
            if (parts.length < 4 || !parts[0].equals("slack") || !(parts[1].equals("msg") || parts[1].equals("cmd"))) {
                continue; // not asked for in Slack
            }
            String channel = parts[2];
            String threadTs = parts[1].equals("msg") ? parts[3] : null;
            String text = ":warning: " + d.kind() + " #" + d.id() + " of " + d.service() + " to " + d.env()
                    + (d.version() == null ? "" : " version " + d.version())
                    + (d.commit() == null ? "" : " commit " + d.commit().substring(0, Math.min(12, d.commit().length())))
                    + " requested by <@" + d.requestedBy() + "> was *interrupted*: BMO restarted while it ran. "
                    + "Its lock is released; hosts it reached may run the new version. "
                    + "`bmo logs " + d.id() + "` shows how far it got; `bmo " + d.kind() + " " + d.service() + " to " + d.env()
                    + "` tries again. (deploy " + d.id() + ", result interrupted)";
            outbox.post(channel, threadTs, text);
        }
    }

    /** Posts a reply's messages; completes with the first one's ts. */
    private CompletableFuture<String> postReply(String channel, String threadTs, Reply reply) {
        CompletableFuture<String> first = null;
        for (String piece : messages(reply)) {
            CompletableFuture<String> ts = outbox.post(channel, threadTs, piece);
            first = first == null ? ts : first;
        }
        return first == null ? CompletableFuture.failedFuture(new IllegalStateException("nothing posted")) : first;
    }

    /**
     * A reply as Slack messages: split to Slack's size (in code blocks when it has several lines), the first
     * flagged when the reply is a failure.
     */
    private static List<String> messages(Reply reply) {
        String text = reply.text().isBlank() ? (reply.ok() ? "Done." : "That failed.") : reply.text();
        List<String> pieces = new ArrayList<>(MessageSplitter.forSlack(text, text.contains("\n")));
        if (!reply.ok()) {
            pieces.set(0, ":warning: " + pieces.get(0));
        }
        return pieces;
    }

    /** A button of a deploy's status message: the command it stands for ({@code verb <id>}), as the one who clicked. */
    private void decide(BlockActionPayload payload, String verb) {
        String user = payload.getUser().getId();
        String deployId = payload.getActions().get(0).getValue();
        String channel = payload.getChannel() == null ? null : payload.getChannel().getId();
        String key = "act:" + payload.getActions().get(0).getActionTs() + ":" + user;
        if (!deployId.matches("[0-9]{1,18}") || !dedup.first(key)) {
            return;
        }
        workers.execute(() -> {
            Reply reply;
            try {
                reply = gateway.handle(new CommandRequest(callers.caller(user), verb + " " + deployId,
                        "slack:" + key, "slack:" + key, DeployListener.NONE));
            } catch (RuntimeException e) {
                log.error("The {} from Slack failed", verb, e);
                reply = Reply.error("BMO failed to record the decision: " + e.getMessage());
            }
            if (!reply.ok() && channel != null) {
                // only the person who clicked needs to read why it was refused
                String why = ":no_entry: " + SlackText.escape(reply.text());
                try {
                    bot.chatPostEphemeral(b -> b.channel(channel).user(user).text(why));
                } catch (Exception e) {
                    log.warn("Cannot tell {} why the decision was refused: {}", user, e.getMessage());
                }
            }
        });
    }

    public App app() {
        return app;
    }

    public SlackSettings settings() {
        return settings;
    }

    /** Runs one request through Bolt (HTTP mode hands over parsed, signed requests here). */
    public Response handle(Request<?> request) throws Exception {
        return app.run(request);
    }

    /** True when no command is running and nothing waits to be written to Slack. */
    public boolean idle() {
        return outbox.idle() && ((java.util.concurrent.ThreadPoolExecutor) workers).getActiveCount() == 0;
    }

    @Override
    public void close() {
        workers.shutdown();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        outbox.close();
        app.stop();
        try {
            slack.close();
        } catch (Exception e) {
            log.debug("Closing the Slack client: {}", e.getMessage());
        }
    }
}

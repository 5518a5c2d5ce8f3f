package dev.bmo.bot.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.chat.ChatUpdateResponse;
import com.slack.api.methods.response.files.FilesUploadV2Response;
import com.slack.api.model.block.LayoutBlock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything BMO writes into Slack channels goes through here, one queue per channel, so that BMO
 * never writes into one channel more often than once per {@code interval} (Slack allows about one
 * message per second per channel) and waits out a 429's {@code Retry-After} before trying again.
 *
 * <p>Progress lines for a thread are batched: lines that arrive while the channel waits join the
 * one message that goes out when its turn comes. Updates of one message are coalesced: only the
 * latest text is sent. Long text is split with {@link MessageSplitter}, never cut.
 */
public final class SlackOutbox implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SlackOutbox.class);

    private final MethodsClient methods;
    private final long intervalNanos;
    private final Map<String, ChannelQueue> channels = new LinkedHashMap<>();
    private final Thread worker;
    private boolean closed;
    private int inFlight;

    /** One write waiting for its channel's turn. */
    private sealed interface Op permits Post, Update, Lines, Upload {
    }

    private record Post(String threadTs, String text, List<LayoutBlock> blocks, CompletableFuture<String> done)
            implements Op {
    }

    private static final class Update implements Op {
        final String ts;
        String text;
        List<LayoutBlock> blocks;

        Update(String ts, String text, List<LayoutBlock> blocks) {
            this.ts = ts;
            this.text = text;
            this.blocks = blocks;
        }
    }

    private static final class Lines implements Op {
        final String threadTs;
        final StringBuilder text = new StringBuilder();
        String footer = "";

        Lines(String threadTs) {
            this.threadTs = threadTs;
        }
    }

    private record Upload(String threadTs, String filename, String title, String content, String comment,
            CompletableFuture<String> done) implements Op {
    }

    private static final class ChannelQueue {
        final Deque<Op> ops = new ArrayDeque<>();
        long nextAllowed = System.nanoTime();
    }

    public SlackOutbox(MethodsClient methods, Duration interval) {
        this.methods = methods;
        this.intervalNanos = interval.toNanos();
        this.worker = new Thread(this::work, "bmo-slack-outbox");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /** Posts a message (into a thread when {@code threadTs} is set); completes with its ts. */
    public CompletableFuture<String> post(String channel, String threadTs, String text) {
        return post(channel, threadTs, text, null);
    }

    /** Posts a message with blocks (whose texts must already be under Slack's limits). */
    public CompletableFuture<String> post(String channel, String threadTs, String text, List<LayoutBlock> blocks) {
        CompletableFuture<String> done = new CompletableFuture<>();
        if (blocks != null) {
            enqueue(channel, new Post(threadTs, text, blocks, done));
            return done;
        }
        List<String> pieces = MessageSplitter.forSlack(text, false);
        if (pieces.isEmpty()) {
            pieces = List.of(" ");
        }
        synchronized (this) {
            // the first piece's ts answers the caller; the rest follow it in order
            enqueue(channel, new Post(threadTs, pieces.get(0), null, done));
            for (String piece : pieces.subList(1, pieces.size())) {
                enqueue(channel, new Post(threadTs, piece, null, new CompletableFuture<>()));
            }
        }
        return done;
    }

    /** Replaces a message's text (and blocks); a newer update of the same message replaces a waiting one. */
    public synchronized void update(String channel, String ts, String text, List<LayoutBlock> blocks) {
        ChannelQueue q = queue(channel);
        for (Op op : q.ops) {
            if (op instanceof Update u && u.ts.equals(ts)) {
                u.text = text;
                u.blocks = blocks;
                notifyAll();
                return;
            }
        }
        enqueue(channel, new Update(ts, text, blocks));
    }

    /**
     * Adds a progress line to a thread; lines waiting for the channel's turn go out as one message,
     * which ends with {@code footer} (the latest one given), all under Slack's 3,000 characters.
     */
    public synchronized void appendToThread(String channel, String threadTs, String line, String footer) {
        ChannelQueue q = queue(channel);
        String tail = footer == null ? "" : footer;
        if (q.ops.peekLast() instanceof Lines l && l.threadTs.equals(threadTs)) {
            l.text.append('\n').append(line);
            l.footer = tail;
            return;
        }
        Lines l = new Lines(threadTs);
        l.text.append(line);
        l.footer = tail;
        enqueue(channel, l);
    }

    /** Attaches a text file to a thread with the files upload v2 flow; completes with the file id. */
    public CompletableFuture<String> upload(String channel, String threadTs, String filename, String title,
            String content, String comment) {
        CompletableFuture<String> done = new CompletableFuture<>();
        enqueue(channel, new Upload(threadTs, filename, title, content, comment, done));
        return done;
    }

    /** True when nothing is waiting or being sent. */
    public synchronized boolean idle() {
        return inFlight == 0 && channels.values().stream().allMatch(q -> q.ops.isEmpty());
    }

    private synchronized void enqueue(String channel, Op op) {
        if (closed) {
            throw new IllegalStateException("the Slack outbox is closed");
        }
        queue(channel).ops.addLast(op);
        notifyAll();
    }

    private ChannelQueue queue(String channel) {
        return channels.computeIfAbsent(channel, c -> new ChannelQueue());
    }

    private void work() {
        while (true) {
            String channel;
            Op op;
            synchronized (this) {
                Map.Entry<String, ChannelQueue> due = null;
                long wait = Long.MAX_VALUE;
                while (due == null) {
                    if (closed) {
                        return;
                    }
                    long now = System.nanoTime();
                    wait = Long.MAX_VALUE;
                    for (Map.Entry<String, ChannelQueue> e : channels.entrySet()) {
                        ChannelQueue q = e.getValue();
                        if (q.ops.isEmpty()) {
                            continue;
                        }
                        long left = q.nextAllowed - now;
                        if (left <= 0) {
                            due = e;
                            break;
                        }
                        wait = Math.min(wait, left);
                    }
                    if (due == null) {
                        try {
                            if (wait == Long.MAX_VALUE) {
                                wait();
                            } else {
                                long ms = Math.max(1, wait / 1_000_000);
                                wait(ms);
                            }
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
                channel = due.getKey();
                op = takeNext(due.getValue());
                inFlight++;
            }
            long retryAfterNanos = 0;
            boolean done = false;
            try {
                send(channel, op);
                done = true;
            } catch (SlackApiException e) {
                if (e.getResponse().code() == 429) {
                    retryAfterNanos = retryAfter(e);
                    log.info("Slack rate-limited writes to {}; waiting {} ms as Retry-After says", channel,
                            retryAfterNanos / 1_000_000);
                } else {
                    fail(op, e);
                    done = true;
                }
            } catch (Exception e) {
                fail(op, e);
                done = true;
            }
            synchronized (this) {
                inFlight--;
                ChannelQueue q = queue(channel);
                if (!done) {
                    q.ops.addFirst(op);
                    q.nextAllowed = System.nanoTime() + retryAfterNanos;
                } else {
                    q.nextAllowed = System.nanoTime() + intervalNanos;
                }
                notifyAll();
            }
        }
    }

    /** The head op; a batch of lines too long for one message leaves its rest at the head. */
    private static Op takeNext(ChannelQueue q) {
        Op head = q.ops.peekFirst();
        if (head instanceof Lines l) {
            int room = Math.max(1000, MessageSplitter.PIECE - l.footer.length());
            List<String> pieces = MessageSplitter.split(l.text.toString(), room);
            if (pieces.size() > 1) {
                Lines first = new Lines(l.threadTs);
                first.text.append(pieces.get(0));
                first.footer = l.footer;
                l.text.setLength(0);
                l.text.append(String.join("\n", pieces.subList(1, pieces.size())));
                return first;
            }
        }
        return q.ops.pollFirst();
    }

    private void send(String channel, Op op) throws Exception {
        if (op instanceof Post p) {
            ChatPostMessageResponse r = methods.chatPostMessage(b -> b.channel(channel).threadTs(p.threadTs())
                    .text(p.text()).blocks(p.blocks()).unfurlLinks(false).unfurlMedia(false));
            check(r.isOk(), "chat.postMessage", r.getError());
            p.done().complete(r.getTs());
        } else if (op instanceof Update u) {
            String text;
            List<LayoutBlock> blocks;
            synchronized (this) {
                text = u.text;
                blocks = u.blocks;
            }
            ChatUpdateResponse r = methods.chatUpdate(b -> b.channel(channel).ts(u.ts).text(text).blocks(blocks));
            check(r.isOk(), "chat.update", r.getError());
        } else if (op instanceof Lines l) {
            String text = l.footer.isEmpty() ? l.text.toString() : l.text + "\n" + l.footer;
            ChatPostMessageResponse r = methods.chatPostMessage(b -> b.channel(channel).threadTs(l.threadTs)
                    .text(text).unfurlLinks(false).unfurlMedia(false));
            check(r.isOk(), "chat.postMessage", r.getError());
        } else if (op instanceof Upload u) {
            FilesUploadV2Response r = methods.filesUploadV2(b -> b.channel(channel).threadTs(u.threadTs())
                    .filename(u.filename()).title(u.title()).content(u.content())
                    .initialComment(u.comment()).snippetType("text"));
            check(r.isOk(), "the files upload", r.getError());
            u.done().complete(r.getFile().getId());
        }
    }

    private static void check(boolean ok, String what, String error) {
        if (!ok) {
            throw new IllegalStateException(what + " failed: " + error);
        }
    }

    private static long retryAfter(SlackApiException e) {
        String header = e.getResponse().header("Retry-After");
        long seconds = 1;
        if (header != null) {
            try {
                seconds = Math.max(1, Long.parseLong(header.strip()));
            } catch (NumberFormatException ignored) {
                // Slack sends whole seconds; anything else means "wait a bit"
            }
        }
        return Duration.ofSeconds(seconds).toNanos();
    }

    private static void fail(Op op, Exception e) {
        log.warn("A Slack write failed and is dropped: {}", e.getMessage());
        if (op instanceof Post p) {
            p.done().completeExceptionally(e);
        } else if (op instanceof Upload u) {
            u.done().completeExceptionally(e);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        try {
            worker.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

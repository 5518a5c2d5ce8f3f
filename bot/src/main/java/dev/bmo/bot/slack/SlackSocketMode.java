package dev.bmo.bot.slack;

import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.socket_mode.SocketModeClient;

/**
 * Socket Mode: BMO opens a WebSocket to Slack ({@code apps.connections.open} with the app-level
 * token) and receives events, slash commands and button clicks over it, so no public URL is
 * needed. Every envelope is acknowledged by its {@code envelope_id} as soon as Bolt's handler
 * returns (the handlers only queue the work).
 */
public final class SlackSocketMode implements AutoCloseable {

    private final SocketModeApp socketModeApp;

    public SlackSocketMode(SlackAdapter adapter, String appToken) {
        try {
            // the Tyrus client is the default backend; handlers run on 4 threads
            this.socketModeApp = new SocketModeApp(appToken, adapter.app(), SocketModeClient.Backend.Tyrus, 4);
        } catch (Exception e) {
            throw new SlackStartupException("cannot set up Socket Mode: " + e.getMessage(), e);
        }
    }

    /** Connects and returns; the client reconnects by itself when the connection drops. */
    public void start() {
        try {
            socketModeApp.startAsync();
        } catch (Exception e) {
            throw new SlackStartupException("cannot connect to Slack in Socket Mode (check BMO_SLACK_APP_TOKEN): "
                    + e.getMessage(), e);
        }
    }

    public boolean connected() {
        SocketModeClient client = socketModeApp.getClient();
        return client != null && !socketModeApp.isClientStopped();
    }

    @Override
    public void close() throws Exception {
        socketModeApp.close();
    }
}

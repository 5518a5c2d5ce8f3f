package dev.bmo.bot.slack;

import dev.bmo.bot.history.DeployRecord;
import java.util.List;
import java.util.function.Supplier;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;

/**
 * Starts BMO in the Slack mode {@code BMO_SLACK_MODE} names ({@code socket} or {@code http}) and
 * serves until BMO is stopped. Refuses to start when a token the mode needs is missing, naming
 * the variable. Does nothing when no Slack mode is set (the local shell runs), or for
 * {@code bmo -c "<command>"}.
 */
public class SlackStarter implements ApplicationRunner, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SlackStarter.class);

    private final SlackSettings settings;
    private final CommandGateway gateway;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private SlackAdapter adapter;
    private SlackHttpEndpoint endpoint;
    private final Supplier<List<DeployRecord>> interrupted;
    private SlackSocketMode socketMode;

    public SlackStarter(SlackSettings settings, CommandGateway gateway) {
        this(settings, gateway, List::of);
    }

    /** {@code interrupted}: deploys the core found cut short by a restart, announced once connected. */
    public SlackStarter(SlackSettings settings, CommandGateway gateway, Supplier<List<DeployRecord>> interrupted) {
        this.settings = settings;
        this.gateway = gateway;
        this.interrupted = interrupted;
        // fail before anything else runs: a Slack mode without its tokens is a configuration error
        settings.check();
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        if (settings.slackMode() == SlackMode.OFF || SlackShellSwitch.oneCommand(args.getSourceArgs())) {
            return;
        }
        start();
        // BMO is a server now: keep the application up until it is stopped (SIGTERM, Ctrl-C)
        stopped.await();
    }

    /** Connects to Slack in the configured mode and returns. */
    public synchronized void start() throws IOException {
        adapter = new SlackAdapter(settings, gateway);
        if (settings.slackMode() == SlackMode.HTTP) {
            endpoint = new SlackHttpEndpoint(adapter, settings.address(), settings.port());
            System.out.println("BMO is listening for Slack on http://" + settings.address() + ":" + endpoint.port()
                    + SlackHttpEndpoint.PATH);
        } else {
            socketMode = new SlackSocketMode(adapter, settings.appToken());
            socketMode.start();
            System.out.println("BMO is connected to Slack in Socket Mode");
        }
        log.info("Slack adapter started: {}", settings);
        adapter.announceInterrupted(interrupted.get());
    }

    /** The HTTP endpoint's port (HTTP mode, once started). */
    public synchronized int httpPort() {
        return endpoint == null ? -1 : endpoint.port();
    }

    @Override
    public synchronized void destroy() throws Exception {
        try {
            if (socketMode != null) {
                socketMode.close();
            }
            if (endpoint != null) {
                endpoint.close();
            }
            if (adapter != null) {
                adapter.close();
            }
        } finally {
            stopped.countDown();
        }
    }
}

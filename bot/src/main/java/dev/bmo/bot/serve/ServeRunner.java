package dev.bmo.bot.serve;

import dev.bmo.bot.deploy.DeployEventText;
import dev.bmo.bot.deploy.DeployListener;
import dev.bmo.bot.deploy.DeployService;
import dev.bmo.bot.history.DeployRecord;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * {@code bmo serve}: BMO as a long-running worker without a chat adapter, for a team without Slack
 * (or beside one-shot {@code bmo -c} calls from CI): it runs the deploy queue, expires approvals,
 * takes over deploys whose BMO died, and prints every deploy's events as they happen, until it is
 * stopped (SIGTERM, Ctrl-C). Its management server (Actuator, BMO_MANAGEMENT_PORT) is on, as in
 * Slack mode.
 */
@Component
public class ServeRunner implements ApplicationRunner, DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(ServeRunner.class);

    private final DeployService deploys;
    private final CountDownLatch stopped = new CountDownLatch(1);

    public ServeRunner(DeployService deploys) {
        this.deploys = deploys;
    }

    /** Whether the command line asks for {@code serve}. */
    public static boolean serving(String[] args) {
        return args != null && args.length > 0 && args[0].equals("serve");
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        if (!serving(args.getSourceArgs())) {
            return;
        }
        for (DeployRecord d : deploys.interruptedAtStartup()) {
            System.out.println(DeployEventText.interrupted(d));
        }
        DeployListener printer = event -> {
            String line = DeployEventText.line(event);
            synchronized (System.out) {
                System.out.println(line);
            }
        };
        deploys.subscribe(printer);
        System.out.println("BMO is serving: it runs the deploy queue, approvals and takeovers; Ctrl-C stops it.");
        LOG.info("bmo serve started");
        // stays subscribed to the end: deploys cancelled at shutdown still print how they ended
        stopped.await();
    }

    @Override
    public void destroy() {
        stopped.countDown();
    }
}

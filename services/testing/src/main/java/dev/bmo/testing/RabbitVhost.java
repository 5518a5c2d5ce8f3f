package dev.bmo.testing;

import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A throwaway virtual host on the machine's real RabbitMQ for one test class (made and deleted with
 * rabbitmqctl), so queues of parallel runs never meet. Also stops and starts the broker's app for
 * outage tests; callers restore it in a finally block.
 */
public final class RabbitVhost implements BeforeAllCallback, AfterAllCallback {

    private final String name = "bmo-test-" + UUID.randomUUID().toString().substring(0, 8);

    @Override
    public void beforeAll(ExtensionContext context) {
        rabbitmqctl("add_vhost", name);
        rabbitmqctl("set_permissions", "-p", name, "guest", ".*", ".*", ".*");
    }

    @Override
    public void afterAll(ExtensionContext context) {
        rabbitmqctl("delete_vhost", name);
    }

    public String name() {
        return name;
    }

    public String amqpUrl() {
        return "amqp://guest:guest@127.0.0.1:5672/" + name;
    }

    public static void stopBroker() {
        rabbitmqctl("stop_app");
    }

    public static void startBroker() {
        rabbitmqctl("start_app");
        rabbitmqctl("await_startup");
    }

    public static void rabbitmqctl(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("rabbitmqctl", "-q"));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(command + " failed: " + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException(command + " could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

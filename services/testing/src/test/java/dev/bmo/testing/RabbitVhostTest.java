package dev.bmo.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RabbitVhostTest {

    @RegisterExtension
    static final RabbitVhost VHOST = new RabbitVhost();

    @Test
    void aThrowawayVhostExistsOnTheRealBrokerAndItsUrlNamesIt() throws Exception {
        assertThat(VHOST.amqpUrl()).endsWith("/" + VHOST.name());
        assertThat(vhosts()).contains(VHOST.name());
    }

    static String vhosts() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("rabbitmqctl", "-q", "list_vhosts").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }
}

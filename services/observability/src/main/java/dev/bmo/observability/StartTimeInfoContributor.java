package dev.bmo.observability;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

/** Adds when the process started and how long it has been up to {@code /actuator/info}. */
class StartTimeInfoContributor implements InfoContributor {

    @Override
    public void contribute(Info.Builder builder) {
        long startMillis = ManagementFactory.getRuntimeMXBean().getStartTime();
        Instant started = Instant.ofEpochMilli(startMillis);
        builder.withDetail("process", Map.of(
                "started", started.toString(),
                "uptimeSeconds", Duration.between(started, Instant.now()).toSeconds()));
    }
}

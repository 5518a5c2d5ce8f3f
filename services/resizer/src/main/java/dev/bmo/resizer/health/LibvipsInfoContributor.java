package dev.bmo.resizer.health;

import dev.bmo.vips.Vips;
import java.util.Map;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.stereotype.Component;

/** Adds the libvips version and the formats it can write to {@code /actuator/info}. */
@Component
public class LibvipsInfoContributor implements InfoContributor {

    @Override
    public void contribute(Info.Builder builder) {
        builder.withDetail("libvips", Map.of("version", Vips.version(), "concurrency", Vips.concurrency()));
    }
}

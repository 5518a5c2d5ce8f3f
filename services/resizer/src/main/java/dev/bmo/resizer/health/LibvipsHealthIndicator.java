package dev.bmo.resizer.health;

import dev.bmo.vips.ImageFormat;
import dev.bmo.vips.SaveOptions;
import dev.bmo.vips.ThumbnailOptions;
import dev.bmo.vips.Vips;
import dev.bmo.vips.VipsImage;
import dev.bmo.vips.VipsThreads;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * libvips works: encodes, decodes and shrinks a tiny image, on its own libvips thread so a busy render pool
 * cannot make the check fail.
 */
@Component("libvips")
public class LibvipsHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

    private final ThreadPoolExecutor thread = VipsThreads.fixedPool("vips-health", 1, 4);

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        int width = thread.submit(() -> {
            try (VipsImage solid = VipsImage.solid(32, 32, 10, 20, 30)) {
                byte[] png = solid.save(SaveOptions.of(ImageFormat.PNG));
                try (VipsImage thumb = VipsImage.thumbnail(png, ThumbnailOptions.width(8))) {
                    return thumb.width();
                }
            }
        }).get(5, TimeUnit.SECONDS);
        if (width != 8) {
            builder.down().withDetail("error", "a 32 px test image shrank to " + width + " px instead of 8");
            return;
        }
        builder.up().withDetail("version", Vips.version()).withDetail("openImages", VipsImage.openImages());
    }

    @Override
    public void destroy() {
        thread.shutdown();
    }
}

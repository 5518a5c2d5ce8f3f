package dev.bmo.media.links;

import dev.bmo.imageurls.ImageUrlSigner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Signed resizer URLs of an original's standard renditions (the resizer's scheme, from bmo-image-urls). */
@Component
public class RenditionLinks {

    public record Link(int width, String format, String url) {
    }

    private final RenditionSettings settings;
    private final ImageUrlSigner signer;

    public RenditionLinks(RenditionSettings settings, @Value("${BMO_ENV:local}") String env) {
        ImageUrlSigner.requireOwnSecret(settings.secret(), env); // outside local, refuse to start with it
        this.settings = settings;
        this.signer = new ImageUrlSigner(settings.secret());
    }

    public List<Link> forOriginal(String originalKey) {
        List<Link> links = new ArrayList<>();
        for (int width : settings.widths()) {
            for (String format : settings.formats()) {
                String url = signer.signedUrl(settings.resizerUrl().toString(), originalKey,
                        Map.of("w", Integer.toString(width), "fmt", format));
                links.add(new Link(width, format, url));
            }
        }
        return links;
    }
}

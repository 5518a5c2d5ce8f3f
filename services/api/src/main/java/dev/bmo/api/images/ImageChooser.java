package dev.bmo.api.images;

import dev.bmo.imageurls.ImageUrlSigner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Chooses a photo's images for its client and signs their resizer URLs. No width is ever larger than the
 * photo (no upscaling). Phone widths are rounded up to a multiple of 100 pixels, so that devices share
 * cached renders.
 */
@Component
public class ImageChooser {

    /** A phone's placeholder: a tiny, low-quality render to show while the display image loads. */
    static final int PLACEHOLDER_WIDTH = 32;
    /** Display images narrower than this load fast enough to go without a placeholder. */
    static final int PLACEHOLDER_FROM = 400;
    static final int PHONE_STEP = 100;

    private final ImageSettings settings;
    private final ImageUrlSigner signer;

    public ImageChooser(ImageSettings settings, @Value("${BMO_ENV:local}") String env) {
        ImageUrlSigner.requireOwnSecret(settings.secret(), env); // outside local, refuse to start with it
        this.settings = settings;
        this.signer = new ImageUrlSigner(settings.secret());
    }

    public Images forWeb(String originalKey, int photoWidth, ImageFormat format) {
        TreeSet<Integer> widths = new TreeSet<>();
        for (int w : settings.widths()) {
            widths.add(Math.min(w, photoWidth));
        }
        String srcset = widths.stream().map(w -> url(originalKey, w, format, null) + " " + w + "w")
                .collect(Collectors.joining(", "));
        // src: for browsers without srcset, a width that looks right on most screens
        Integer floor = widths.floor(960);
        int src = floor != null ? floor : widths.first();
        return new Images(Client.WEB.id(), format.fmt(), url(originalKey, src, format, null), srcset,
                settings.sizes(), null);
    }

    /**
     * @param points the width the image takes on screen, in points
     * @param dpr    the screen's pixels per point
     */
    public Images forPhone(Client client, String originalKey, int photoWidth, int points, double dpr, ImageFormat format) {
        int pixels = (int) Math.ceil(points * dpr);
        int display = Math.min(photoWidth, ((pixels + PHONE_STEP - 1) / PHONE_STEP) * PHONE_STEP);
        List<Images.ImageUrl> urls = new ArrayList<>();
        urls.add(new Images.ImageUrl(url(originalKey, display, format, null), display, "display"));
        if (display >= PLACEHOLDER_FROM) {
            int tiny = Math.min(PLACEHOLDER_WIDTH, photoWidth);
            urls.add(new Images.ImageUrl(url(originalKey, tiny, format, "30"), tiny, "placeholder"));
        }
        return new Images(client.id(), format.fmt(), null, null, null, List.copyOf(urls));
    }

    private String url(String originalKey, int width, ImageFormat format, String quality) {
        Map<String, String> params = new java.util.TreeMap<>(Map.of("w", Integer.toString(width), "fmt", format.fmt()));
        if (quality != null) {
            params.put("q", quality);
        }
        return signer.signedUrl(settings.baseUrl().toString(), originalKey, params);
    }
}

package dev.bmo.resizer.request;

import dev.bmo.vips.ImageFormat;
import java.util.Locale;

/**
 * Picks the output format for {@code fmt=auto} from the {@code Accept} header: WebP when the client takes it,
 * else JPEG. AVIF is not picked automatically: its encoder costs several times WebP's per image, which would
 * break the latency budget on cache misses; clients ask for it with {@code fmt=avif}.
 */
public final class FormatNegotiation {

    private FormatNegotiation() {
    }

    public static ImageFormat outputFormat(ImageRequest request, String accept) {
        if (request.format().isPresent()) {
            return request.format().get();
        }
        if (request.auto() && accepts(accept, "image/webp")) {
            return ImageFormat.WEBP;
        }
        return ImageFormat.JPEG;
    }

    static boolean accepts(String accept, String mediaType) {
        if (accept == null) {
            return false;
        }
        for (String part : accept.toLowerCase(Locale.ROOT).split(",")) {
            String[] pieces = part.trim().split(";");
            if (!pieces[0].trim().equals(mediaType)) {
                continue;
            }
            for (int i = 1; i < pieces.length; i++) {
                String p = pieces[i].trim();
                if (p.startsWith("q=")) {
                    try {
                        return Double.parseDouble(p.substring(2)) > 0;
                    } catch (NumberFormatException e) {
                        return false;
                    }
                }
            }
            return true;
        }
        return false;
    }
}

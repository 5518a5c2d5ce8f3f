package dev.bmo.api.photo;

import dev.bmo.api.errors.ApiException;
import dev.bmo.api.images.Client;
import dev.bmo.api.images.ImageChooser;
import dev.bmo.api.images.ImageFormat;
import dev.bmo.api.images.Images;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** Media's record made into the API's photo, with the images its client needs. */
@Component
class PhotoViews {

    /** What the request says about its client: which one, its screen (phones), the formats it takes. */
    record Screen(Client client, Integer points, Double dpr, String accept) {

        static Screen of(String client, Integer width, Double dpr, String acceptParameter, String acceptHeader) {
            Client c = Client.of(client == null ? "web" : client).orElseThrow(() -> new ApiException(HttpStatus.BAD_REQUEST,
                    "invalid_client", "client must be web, ios or android"));
            if (c != Client.WEB) {
                if (width == null) {
                    throw new ApiException(HttpStatus.BAD_REQUEST, "missing_width",
                            "a phone says how wide the image is on its screen: width, in points");
                }
                if (width < 1 || width > 4096) {
                    throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_width", "width must be 1 to 4096 points");
                }
                if (dpr != null && (dpr <= 0 || dpr > 4)) {
                    throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_dpr", "dpr must be more than 0, at most 4");
                }
            }
            return new Screen(c, width, dpr == null ? 1.0 : dpr, acceptParameter != null ? acceptParameter : acceptHeader);
        }
    }

    private final ImageChooser chooser;

    PhotoViews(ImageChooser chooser) {
        this.chooser = chooser;
    }

    PhotoView of(MediaPhoto p, Screen screen) {
        Images images = null;
        if (!p.state().equals("failed")) {
            // both phone platforms decode WebP; a browser that names no image type gets JPEG, which all decode
            ImageFormat format = ImageFormat.from(screen.accept(), screen.client() == Client.WEB ? ImageFormat.JPEG : ImageFormat.WEBP);
            images = screen.client() == Client.WEB ? chooser.forWeb(p.originalKey(), p.width(), format)
                    : chooser.forPhone(screen.client(), p.originalKey(), p.width(), screen.points(), screen.dpr(), format);
        }
        return new PhotoView(p.id(), p.photographer(), p.width(), p.height(), p.uploadedAt(), p.state(),
                p.reason().orElse(null), images);
    }
}

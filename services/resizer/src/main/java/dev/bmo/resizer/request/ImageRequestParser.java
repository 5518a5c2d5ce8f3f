package dev.bmo.resizer.request;

import dev.bmo.vips.ImageFormat;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns the key and query parameters into an {@link ImageRequest}; anything unknown, repeated or malformed is a
 * {@link BadRequestException}, so typos never silently serve the wrong image.
 */
public final class ImageRequestParser {

    static final Set<String> KNOWN = Set.of("w", "h", "fit", "fmt", "q", "dpr", "wm", "sig", "sv");
    private static final int MAX_KEY_BYTES = 1024;
    private static final int MAX_SEGMENT_BYTES = 255;

    private final int maxDimension;

    public ImageRequestParser(int maxDimension) {
        this.maxDimension = maxDimension;
    }

    /** @param parameters every query parameter with all its values (as a servlet gives them) */
    public ImageRequest parse(String key, Map<String, String[]> parameters) {
        checkKey(key);
        Set<String> unknown = new TreeSet<>(parameters.keySet());
        unknown.removeAll(KNOWN);
        if (!unknown.isEmpty()) {
            throw new BadRequestException("unknown_parameter", "unknown parameter(s) " + unknown
                    + "; known are w, h, fit, fmt, q, dpr, wm, sig");
        }
        parameters.forEach((name, values) -> {
            if (values.length != 1) {
                throw new BadRequestException("repeated_parameter", "parameter '" + name + "' is given "
                        + values.length + " times");
            }
        });
        OptionalInt width = integer(parameters, "w", 1, maxDimension);
        OptionalInt height = integer(parameters, "h", 1, maxDimension);
        Fit fit = value(parameters, "fit").map(v -> Fit.fromName(v).orElseThrow(() -> new BadRequestException(
                "bad_parameter", "fit must be cover, contain, fill or inside, not '" + v + "'"))).orElse(Fit.INSIDE);
        Optional<String> fmt = value(parameters, "fmt");
        boolean auto = fmt.filter("auto"::equals).isPresent();
        Optional<ImageFormat> format = auto ? Optional.empty() : fmt.map(v -> ImageFormat.fromName(v)
                .filter(f -> v.equals(f.name().toLowerCase(java.util.Locale.ROOT)))
                .orElseThrow(() -> new BadRequestException("bad_parameter",
                        "fmt must be jpeg, webp, png, avif or auto, not '" + v + "'")));
        OptionalInt quality = integer(parameters, "q", 1, 100);
        double dpr = value(parameters, "dpr").map(ImageRequestParser::dpr).orElse(1.0);
        boolean watermark = value(parameters, "wm").map(v -> switch (v) {
            case "1" -> true;
            case "0" -> false;
            default -> throw new BadRequestException("bad_parameter", "wm must be 0 or 1, not '" + v + "'");
        }).orElse(false);
        if ((fit == Fit.COVER || fit == Fit.CONTAIN || fit == Fit.FILL) && (width.isEmpty() || height.isEmpty())) {
            throw new BadRequestException("bad_parameter", "fit=" + fit.paramName() + " needs both w and h");
        }
        for (OptionalInt side : new OptionalInt[] {width, height}) {
            if (side.isPresent() && Math.round(side.getAsInt() * dpr) > maxDimension) {
                throw new BadRequestException("output_too_large", "the output would be "
                        + Math.round(side.getAsInt() * dpr) + " px on a side; the maximum is " + maxDimension);
            }
        }
        return new ImageRequest(key, width, height, fit, format, auto, quality, dpr, watermark);
    }

    private static void checkKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new BadRequestException("bad_key", "the image key is missing: /v1/images/{key}");
        }
        // S3 limits a key to 1024 bytes of UTF-8 (not characters), and a filesystem-backed store each
        // segment to 255 bytes: longer keys can name no stored image, so they are the client's mistake
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_KEY_BYTES) {
            throw new BadRequestException("bad_key", "the image key is " + bytes + " bytes of UTF-8; the maximum is "
                    + MAX_KEY_BYTES);
        }
        for (int i = 0; i < key.length(); i++) {
            if (Character.isISOControl(key.charAt(i))) {
                throw new BadRequestException("bad_key", "the image key contains control characters");
            }
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new BadRequestException("bad_key", "the image key has an empty, '.' or '..' segment");
            }
            if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
                throw new BadRequestException("bad_key", "a segment of the image key is longer than "
                        + MAX_SEGMENT_BYTES + " bytes");
            }
        }
    }

    private static Optional<String> value(Map<String, String[]> parameters, String name) {
        String[] values = parameters.get(name);
        return values == null ? Optional.empty() : Optional.of(values[0]);
    }

    private static OptionalInt integer(Map<String, String[]> parameters, String name, int min, int max) {
        Optional<String> raw = value(parameters, name);
        if (raw.isEmpty()) {
            return OptionalInt.empty();
        }
        String v = raw.get();
        if (!v.matches("[0-9]{1,6}")) {
            throw new BadRequestException("bad_parameter", name + " must be a whole number, not '" + v + "'");
        }
        int n = Integer.parseInt(v);
        if (n < min || n > max) {
            throw new BadRequestException(name.equals("q") ? "bad_parameter" : "output_too_large",
                    name + " must be " + min + ".." + max + ", not " + n);
        }
        return OptionalInt.of(n);
    }

    private static double dpr(String v) {
        if (!v.matches("[0-9](\\.[0-9]{1,2})?")) {
            throw new BadRequestException("bad_parameter", "dpr must be a number like 1, 1.5 or 2, not '" + v + "'");
        }
        double d = Double.parseDouble(v);
        if (d < 1 || d > 4) {
            throw new BadRequestException("bad_parameter", "dpr must be 1..4, not " + v);
        }
        return d;
    }
}

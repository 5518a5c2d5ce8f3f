package dev.bmo.resizer.request;

import dev.bmo.vips.ImageFormat;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A parsed, validated image request: {@code /v1/images/{key}?w=&h=&fit=&fmt=&q=&dpr=&wm=}.
 *
 * @param key       S3 key of the original
 * @param width     requested width in CSS pixels (before dpr), if any
 * @param height    requested height in CSS pixels, if any
 * @param fit       how to fit the box
 * @param format    explicit output format; empty with {@code auto} means negotiate from Accept, empty otherwise
 *                  means JPEG
 * @param auto      {@code fmt=auto}
 * @param quality   encoder quality, if given
 * @param dpr       device pixel ratio (1..4) that multiplies width and height
 * @param watermark {@code wm=1}
 */
public record ImageRequest(String key, OptionalInt width, OptionalInt height, Fit fit, Optional<ImageFormat> format,
        boolean auto, OptionalInt quality, double dpr, boolean watermark) {
}

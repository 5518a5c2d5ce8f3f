package dev.bmo.converter.conversion;

import dev.bmo.vips.ImageFormat;
import dev.bmo.vips.SaveOptions;
import dev.bmo.vips.ThumbnailOptions;
import dev.bmo.vips.VipsException;
import dev.bmo.vips.VipsImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The libvips work of one conversion. The original is decoded once, with shrink-on-load (at the smallest JPEG
 * DCT scale that covers the master, see {@link ConversionSettings#fastShrinkOnLoad}), into the master
 * (long side {@code masterSize}, never enlarged, sRGB, EXIF orientation applied, no metadata), kept in memory;
 * the smaller masters (levels, {@code master-1280.jpg}, for the resizer's smaller outputs) and every rendition
 * are made from those same pixels, each width resized once and encoded in each format. The master is a
 * JPEG ({@code master.jpg}), or for a source with alpha a WebP that keeps it ({@code master.webp}, lossy colour,
 * lossless alpha), so renditions and the resizer's renders from it keep the transparency; JPEG renditions of
 * such sources are flattened onto white.
 */
@Component
public class Renderer {

    private final ConversionSettings settings;

    public Renderer(ConversionSettings settings) {
        this.settings = settings;
    }

    /** @param levels the smaller masters ({@code master-<long side>}), smallest first */
    public record Output(RenderedImage master, List<RenderedImage> levels, List<RenderedImage> renditions) {
    }

    public Output render(String id, Path original) {
        RenderedImage master;
        List<RenderedImage> levels = new ArrayList<>();
        List<RenderedImage> renditions = new ArrayList<>();
        List<ImageFormat> formats = settings.formats().stream().map(name -> ImageFormat.fromName(name)
                .orElseThrow(() -> new IllegalStateException("unknown rendition format " + name))).toList();
        try (VipsImage decoded = VipsImage.thumbnail(original,
                ThumbnailOptions.fitInside(settings.masterSize(), settings.masterSize())
                        .withFastShrinkOnLoad(settings.fastShrinkOnLoad()));
                VipsImage image = decoded.inMemory()) {
            // in memory: the master, each level and each rendition are made from the same decoded pixels
            // (upright, sRGB), so nothing is decoded twice and no rendition carries the master's JPEG loss
            ImageFormat format = masterFormat(image.hasAlpha());
            byte[] bytes = image.save(SaveOptions.of(format).withQuality(settings.masterQuality()));
            master = new RenderedImage(masterKey(id, format), bytes, format.mediaType(), image.width(),
                    image.height());
            for (int level : settings.masterLevels()) {
                if (level >= Math.max(image.width(), image.height())) {
                    continue; // the master is that small already
                }
                try (VipsImage smaller = image.thumbnail(ThumbnailOptions.fitInside(level, level)
                        .withAutorotate(false).withToSrgb(false))) {
                    levels.add(new RenderedImage(levelKey(id, level, format),
                            smaller.save(SaveOptions.of(format).withQuality(settings.masterQuality())),
                            format.mediaType(), smaller.width(), smaller.height()));
                }
            }
            for (int width : settings.widths()) {
                // one resize per width, kept in memory while it is encoded in every format
                try (VipsImage resized = image.thumbnail(ThumbnailOptions.width(width).withAutorotate(false)
                        .withToSrgb(false)); VipsImage pixels = resized.inMemory()) {
                    for (ImageFormat f : formats) {
                        renditions.add(new RenderedImage("renditions/" + id + "/" + width + "." + f.extension(),
                                pixels.save(SaveOptions.of(f).withQuality(settings.renditionQuality())),
                                f.mediaType(), pixels.width(), pixels.height()));
                    }
                }
            }
        } catch (VipsException e) {
            throw new CorruptOriginalException("the original cannot be decoded: " + firstLine(e.getMessage()), e);
        }
        return new Output(master, levels, renditions);
    }

    /** The master's format: JPEG, or WebP (which keeps it) for a source with alpha. */
    public static ImageFormat masterFormat(boolean alpha) {
        return alpha ? ImageFormat.WEBP : ImageFormat.JPEG;
    }

    /** {@code renditions/{id}/master.jpg}, or {@code master.webp} for sources with alpha. */
    public static String masterKey(String id, ImageFormat format) {
        return "renditions/" + id + "/master." + format.extension();
    }

    /** {@code renditions/{id}/master-1280.jpg}: a smaller master, by its long side. */
    public static String levelKey(String id, int level, ImageFormat format) {
        return "renditions/" + id + "/master-" + level + "." + format.extension();
    }

    static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        String line = message.strip().lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 300) : line;
    }
}

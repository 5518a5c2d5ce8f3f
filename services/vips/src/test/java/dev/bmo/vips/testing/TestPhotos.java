package dev.bmo.vips.testing;

import dev.bmo.vips.ImageFormat;
import dev.bmo.vips.SaveOptions;
import dev.bmo.vips.VipsImage;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Test photos whose content a test can check: a JPEG of four coloured quadrants tagged with any EXIF
 * orientation (where each quadrant must land once upright), and an animated GIF of solid frames.
 * Shared by the vips, resizer and converter tests (this module's test-jar).
 */
public final class TestPhotos {

    /** Quadrant colours of {@link #quadrants}: top-left, top-right, bottom-left, bottom-right. */
    public static final double[][] QUADRANTS = {{220, 30, 30}, {30, 200, 30}, {30, 30, 220}, {230, 220, 40}};

    private TestPhotos() {
    }

    /** A stored {@code width x height} JPEG of four coloured quadrants, tagged with an EXIF orientation. */
    public static byte[] quadrants(int width, int height, int orientation) {
        try (VipsImage base = VipsImage.solid(width, height, QUADRANTS[0])) {
            VipsImage current = base.copy();
            int[][] at = {{width / 2, 0}, {0, height / 2}, {width / 2, height / 2}};
            for (int q = 1; q < 4; q++) {
                double[] c = QUADRANTS[q];
                try (VipsImage previous = current;
                        VipsImage patch = VipsImage.solid(width - width / 2, height - height / 2, c[0], c[1], c[2],
                                255)) {
                    current = previous.composite(patch, at[q - 1][0], at[q - 1][1]);
                }
            }
            try (VipsImage done = current; VipsImage tagged = done.withIntField("orientation", orientation)) {
                return tagged.save(SaveOptions.of(ImageFormat.JPEG).withQuality(95)
                        .withMetadata(SaveOptions.Metadata.KEEP_ALL));
            }
        }
    }

    /** The stored quadrant (0..3) seen at the upright point ({@code u}, {@code v}) in 0..1. */
    public static int storedQuadrant(int orientation, double u, double v) {
        double[] s = switch (orientation) {
            case 2 -> new double[] {1 - u, v};
            case 3 -> new double[] {1 - u, 1 - v};
            case 4 -> new double[] {u, 1 - v};
            case 5 -> new double[] {v, u};
            case 6 -> new double[] {v, 1 - u};
            case 7 -> new double[] {1 - v, 1 - u};
            case 8 -> new double[] {1 - v, u};
            default -> new double[] {u, v};
        };
        return (s[0] < 0.5 ? 0 : 1) + (s[1] < 0.5 ? 0 : 2);
    }

    /** An animated GIF of {@code width x height} frames, one solid colour each (written by the JDK's encoder). */
    public static byte[] animatedGif(int width, int height, Color... frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.prepareWriteSequence(null);
            for (Color c : frames) {
                BufferedImage frame = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = frame.createGraphics();
                g.setColor(c);
                g.fillRect(0, 0, width, height);
                g.dispose();
                writer.writeToSequence(new IIOImage(frame, null, null), null);
            }
            writer.endWriteSequence();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}

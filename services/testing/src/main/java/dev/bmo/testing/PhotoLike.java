package dev.bmo.testing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * A stand-in for a photograph where image quality is measured: smooth light and colour with fine grain, a JPEG
 * at the usual camera quality (pure noise or flat colour would make every resampler look either terrible or
 * perfect).
 */
public final class PhotoLike {

    private PhotoLike() {
    }

    public static byte[] jpeg(int width, int height, long seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(seed);
        double fx = 0.002 + random.nextDouble() * 0.004;
        double fy = 0.002 + random.nextDouble() * 0.004;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double light = 0.5 + 0.25 * Math.sin(x * fx) * Math.cos(y * fy) + 0.15 * Math.sin((x + y) * 0.011);
                double grain = random.nextGaussian() * 10;
                int r = clamp(light * 230 + grain);
                int g = clamp(light * 180 + 30 * Math.sin(y * 0.003) + grain);
                int b = clamp(light * 140 + 40 * Math.cos(x * 0.002) + grain);
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "jpg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}

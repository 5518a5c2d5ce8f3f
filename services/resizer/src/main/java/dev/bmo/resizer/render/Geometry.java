package dev.bmo.resizer.render;

import dev.bmo.resizer.request.Fit;

/**
 * Output geometry, computed from the original's upright size only, so a render from the original and one from
 * its master come out with exactly the same pixel sizes.
 *
 * @param resizeWidth  size to shrink the source to (aspect kept, except for {@link Fit#FILL})
 * @param resizeHeight
 * @param outputWidth  final size (after the cover crop or the contain padding)
 * @param outputHeight
 */
public record Geometry(int resizeWidth, int resizeHeight, int outputWidth, int outputHeight) {

    public static Geometry plan(int sourceWidth, int sourceHeight, RenderSpec spec, int maxDimension) {
        if (sourceWidth < 1 || sourceHeight < 1) {
            throw new IllegalArgumentException("empty source");
        }
        double w = sourceWidth;
        double h = sourceHeight;
        int boxW = spec.width();
        int boxH = spec.height();
        switch (spec.fit()) {
            case FILL -> {
                return new Geometry(boxW, boxH, boxW, boxH);
            }
            case COVER -> {
                double scale = Math.min(1.0, Math.max(boxW / w, boxH / h));
                int rw = Math.max(Math.min(boxW, sourceWidth), (int) Math.round(w * scale));
                int rh = Math.max(Math.min(boxH, sourceHeight), (int) Math.round(h * scale));
                return new Geometry(rw, rh, Math.min(boxW, rw), Math.min(boxH, rh));
            }
            case CONTAIN -> {
                double scale = Math.min(1.0, Math.min(boxW / w, boxH / h));
                return new Geometry(side(w, scale), side(h, scale), boxW, boxH);
            }
            default -> {
                double limitW = boxW > 0 ? boxW : (boxH > 0 ? Double.MAX_VALUE : maxDimension);
                double limitH = boxH > 0 ? boxH : (boxW > 0 ? Double.MAX_VALUE : maxDimension);
                double scale = Math.min(1.0, Math.min(limitW / w, limitH / h));
                int rw = side(w, scale);
                int rh = side(h, scale);
                return new Geometry(rw, rh, rw, rh);
            }
        }
    }

    private static int side(double length, double scale) {
        return Math.max(1, (int) Math.round(length * scale));
    }

    /** Whether a source of this upright size has at least the pixels the resize step needs. */
    public boolean fitsWithin(int sourceWidth, int sourceHeight) {
        return resizeWidth <= sourceWidth && resizeHeight <= sourceHeight;
    }
}

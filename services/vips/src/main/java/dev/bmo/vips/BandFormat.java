package dev.bmo.vips;

/** libvips' pixel value formats ({@code VipsBandFormat}), in libvips' numbering. */
public enum BandFormat {
    UCHAR, CHAR, USHORT, SHORT, UINT, INT, FLOAT, COMPLEX, DOUBLE, DPCOMPLEX;

    static BandFormat of(int vipsValue) {
        if (vipsValue < 0 || vipsValue >= values().length) {
            throw new IllegalStateException("unknown VipsBandFormat " + vipsValue);
        }
        return values()[vipsValue];
    }

    int vipsValue() {
        return ordinal();
    }
}

package dev.bmo.vips;

/** Where to anchor a crop, an embed or an overlay. */
public enum Gravity {
    CENTRE, NORTH, SOUTH, EAST, WEST, NORTH_EAST, NORTH_WEST, SOUTH_EAST, SOUTH_WEST;

    /** Left offset of a {@code inner}-wide box anchored in an {@code outer}-wide one. */
    public int left(int outer, int inner) {
        return switch (this) {
            case WEST, NORTH_WEST, SOUTH_WEST -> 0;
            case EAST, NORTH_EAST, SOUTH_EAST -> outer - inner;
            default -> (outer - inner) / 2;
        };
    }

    /** Top offset of a {@code inner}-high box anchored in an {@code outer}-high one. */
    public int top(int outer, int inner) {
        return switch (this) {
            case NORTH, NORTH_EAST, NORTH_WEST -> 0;
            case SOUTH, SOUTH_EAST, SOUTH_WEST -> outer - inner;
            default -> (outer - inner) / 2;
        };
    }
}

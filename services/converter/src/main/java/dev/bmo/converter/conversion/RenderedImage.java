package dev.bmo.converter.conversion;

/** One encoded output: its key under {@code renditions/{id}/}, bytes, media type and size. */
public record RenderedImage(String key, byte[] bytes, String mediaType, int width, int height) {
}

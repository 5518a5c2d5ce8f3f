package dev.bmo.converter.conversion;

import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What media asks for: convert the original of photo {@code id} stored at {@code originalKey}. */
public record ConversionRequest(String id, String originalKey, String photographer) {

    private static final Pattern ID = Pattern.compile("[0-9A-Za-z_-]{1,64}");

    /** @throws IllegalArgumentException for anything that is not a well-formed request */
    public static ConversionRequest parse(JsonMapper json, byte[] body) {
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
        String id = node.path("id").asString("");
        String key = node.path("originalKey").asString("");
        if (!ID.matcher(id).matches() || !key.equals("originals/" + id)) {
            throw new IllegalArgumentException("needs an id and originalKey originals/{id}");
        }
        return new ConversionRequest(id, key, node.path("photographer").asString(""));
    }
}

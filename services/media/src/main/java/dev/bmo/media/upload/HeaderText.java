package dev.bmo.media.upload;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Text from an HTTP header, where names like "José" cannot travel as they are: percent-encoded UTF-8
 * ({@code Jos%C3%A9}) is decoded, and raw UTF-8 bytes (which the container reads as ISO-8859-1) are
 * put back together. Anything else is taken literally ("100% Studio" stays as it is).
 */
final class HeaderText {

    private HeaderText() {
    }

    static String decode(String raw) {
        if (raw == null) {
            return null;
        }
        String value = raw.indexOf('%') >= 0 ? percentDecoded(raw) : raw;
        return value.chars().anyMatch(c -> c > 0x7f) ? utf8Repaired(value) : value;
    }

    private static String percentDecoded(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length() && isHex(raw.charAt(i + 1))
                    && isHex(raw.charAt(i + 2))) {
                bytes.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
                i += 2;
            } else if (c > 0xff) {
                return raw;
            } else {
                bytes.write(c);
            }
        }
        return strictUtf8(bytes.toByteArray(), raw);
    }

    private static String utf8Repaired(String value) {
        if (value.chars().anyMatch(c -> c > 0xff)) {
            return value;
        }
        return strictUtf8(value.getBytes(StandardCharsets.ISO_8859_1), value);
    }

    private static String strictUtf8(byte[] bytes, String fallback) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return fallback;
        }
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }
}

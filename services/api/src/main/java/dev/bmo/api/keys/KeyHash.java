package dev.bmo.api.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What is stored of a key: its SHA-256, hex. Keys are long random strings, not passwords a person picks, so a
 * fast hash is enough (a leaked table gives nobody a key) and every request can afford it.
 */
public final class KeyHash {

    private KeyHash() {
    }

    public static String of(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}

package dev.bmo.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bmo.storage.testing.S3ProxyExtension;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Against a real S3 server (S3Proxy in its own process). */
class ObjectStoreTest {

    @RegisterExtension
    static S3ProxyExtension s3 = new S3ProxyExtension();

    private ObjectStore smallParts() {
        return new ObjectStore(s3.store().client(), s3.bucket(), 5 * 1024 * 1024, false);
    }

    @Test
    void smallBodiesGoUpInOnePutWithTheirMetadata() {
        ObjectStore store = s3.store();
        StoredObject stored = store.put("originals/a", new ByteArrayInputStream("hello".getBytes()), "image/jpeg",
                Map.of("photographer", "Ada Lovelace", "width", "640"));
        assertThat(stored.parts()).isEqualTo(1);
        assertThat(stored.size()).isEqualTo(5);

        ObjectInfo info = store.head("originals/a").orElseThrow();
        assertThat(info.size()).isEqualTo(5);
        assertThat(info.contentType()).isEqualTo("image/jpeg");
        assertThat(info.metadata()).containsEntry("photographer", "Ada Lovelace").containsEntry("width", "640");
        assertThat(store.getBytes("originals/a")).asString().isEqualTo("hello");
    }

    @Test
    void nonAsciiMetadataSurvivesTheRoundTrip() {
        ObjectStore store = s3.store();
        store.put("originals/jose", new byte[] {1, 2}, "image/jpeg", Map.of("photographer", "José Ñúñez 写真"));
        assertThat(store.head("originals/jose").orElseThrow().metadata("photographer")).isEqualTo("José Ñúñez 写真");
        try (ObjectStream in = store.get("originals/jose")) {
            assertThat(in.info().metadata("photographer")).isEqualTo("José Ñúñez 写真");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        // what a client without this library sees is the AWS convention
        assertThat(store.client().headObject(b -> b.bucket(s3.bucket()).key("originals/jose")).metadata()
                .get("photographer")).startsWith("=?UTF-8?B?");
    }

    @Test
    void largeBodiesOfUnknownLengthGoUpInPartsAndComeBackIdentical() throws Exception {
        ObjectStore store = smallParts();
        long size = 12L * 1024 * 1024 + 12345; // three parts, the last one short
        StoredObject stored = store.put("big", new RandomStream(size, 42), "application/octet-stream",
                Map.of("photographer", "Grace"));
        assertThat(stored.parts()).isEqualTo(3);
        assertThat(stored.size()).isEqualTo(size);

        try (ObjectStream in = store.get("big")) {
            assertThat(in.info().size()).isEqualTo(size);
            assertThat(in.info().metadata()).containsEntry("photographer", "Grace");
            assertThat(sha256(in)).isEqualTo(sha256(new RandomStream(size, 42)));
        }
    }

    @Test
    void rangedGetsReturnJustTheRange() throws Exception {
        ObjectStore store = s3.store();
        store.put("r", "0123456789".getBytes(), "text/plain", Map.of());
        try (ObjectStream in = store.getRange("r", 2, 5)) {
            assertThat(new String(in.readAllBytes())).isEqualTo("2345");
        }
    }

    @Test
    void aBodyOverTheLimitLeavesNeitherObjectNorPendingUpload() {
        ObjectStore store = smallParts();
        assertThatThrownBy(() -> store.put("too-big", new RandomStream(11L * 1024 * 1024, 1), "image/png", Map.of(),
                7L * 1024 * 1024)).isInstanceOf(BodyTooLargeException.class);
        assertThatThrownBy(() -> store.put("too-big-small", new RandomStream(100, 1), "image/png", Map.of(), 99))
                .isInstanceOf(BodyTooLargeException.class);
        assertThat(store.exists("too-big")).isFalse();
        assertThat(store.exists("too-big-small")).isFalse();
        assertThat(store.pendingUploads("too-big")).isEmpty();
    }

    @Test
    void aBodyThatFailsMidStreamIsAbortedToo() {
        ObjectStore store = smallParts();
        InputStream failing = new RandomStream(20L * 1024 * 1024, 3) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (position() > 6L * 1024 * 1024) {
                    throw new IOException("client went away");
                }
                return super.read(b, off, len);
            }
        };
        assertThatThrownBy(() -> store.put("broken", failing, "image/png", Map.of()))
                .hasRootCauseMessage("client went away");
        assertThat(store.exists("broken")).isFalse();
        assertThat(store.pendingUploads("broken")).isEmpty();
    }

    @Test
    void missingKeysAreEmptyOrNotFoundAndDeletesAndListingsWork() {
        ObjectStore store = s3.store();
        assertThat(store.head("nope")).isEqualTo(Optional.empty());
        assertThatThrownBy(() -> store.get("nope")).isInstanceOf(ObjectNotFoundException.class);

        store.put("list/1", new byte[] {1}, "image/png", Map.of());
        store.put("list/2", new byte[] {2}, "image/png", Map.of());
        assertThat(store.list("list/")).containsExactly("list/1", "list/2");
        store.delete("list/1");
        store.delete("list/1"); // deleting twice is fine
        assertThat(store.list("list/")).containsExactly("list/2");
    }

    @Test
    void theBucketCheckFailsForAMissingBucketAndWrongCredentials() {
        s3.store().checkBucket();
        try (ObjectStore other = new ObjectStore(s3.store().client(), "no-such-bucket")) {
            assertThatThrownBy(other::checkBucket).isInstanceOf(StorageException.class);
        }
        StorageSettings wrong = new StorageSettings(Optional.of(s3.endpoint()), "us-east-1", s3.bucket(),
                "test-identity", "wrong-secret", true);
        try (ObjectStore other = ObjectStore.open(wrong)) {
            assertThatThrownBy(other::checkBucket).isInstanceOf(StorageException.class);
        }
    }

    private static String sha256(InputStream in) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[65536];
        for (int n; (n = in.read(buf)) > 0; ) {
            d.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(d.digest());
    }

    /** Deterministic pseudo-random bytes of a given length, produced on the fly. */
    static class RandomStream extends InputStream {
        private final long size;
        private final Random random;
        private long position;

        RandomStream(long size, long seed) {
            this.size = size;
            this.random = new Random(seed);
        }

        long position() {
            return position;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (position >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - position);
            byte[] chunk = new byte[n];
            random.nextBytes(chunk);
            System.arraycopy(chunk, 0, b, off, n);
            position += n;
            return n;
        }
    }
}

package dev.bmo.storage.testing;

import dev.bmo.storage.ObjectStore;
import dev.bmo.storage.StorageSettings;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension giving a test class its own real S3 server ({@link LocalS3Server}) with one bucket.
 * Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static S3ProxyExtension s3 = new S3ProxyExtension();
 *
 * @DynamicPropertySource // Spring tests: the BMO_S3_* names as properties
 * static void s3(DynamicPropertyRegistry r) { s3.environment().forEach((k, v) -> r.add(k, () -> v)); }
 * }</pre>
 *
 * The server is started lazily on first use or in {@code beforeAll}, whichever comes first (so a
 * {@code @DynamicPropertySource} can read its endpoint), and stopped in {@code afterAll}.
 */
public final class S3ProxyExtension implements BeforeAllCallback, AfterAllCallback {

    private final LocalS3Server server;

    public S3ProxyExtension() {
        this.server = new LocalS3Server();
    }

    public S3ProxyExtension(String bucket) {
        this.server = new LocalS3Server(bucket);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        server.close();
    }

    public LocalS3Server server() {
        return server.start();
    }

    public URI endpoint() {
        return server().endpoint();
    }

    public String bucket() {
        return server.bucket();
    }

    public StorageSettings settings() {
        return server().settings();
    }

    public Map<String, String> environment() {
        return server().environment();
    }

    public ObjectStore store() {
        return server().store();
    }
}

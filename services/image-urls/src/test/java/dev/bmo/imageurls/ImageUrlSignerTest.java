package dev.bmo.imageurls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageUrlSignerTest {

    private final ImageUrlSigner signer = new ImageUrlSigner("s3cr3t");

    @Test
    void version2CanonicalStringPercentEncodesEachNameAndValue() {
        assertThat(ImageUrlSigner.canonical("/v1/images/originals/ünï code",
                Map.of("w", "800", "fmt", "png&w=32", "sv", "2", "sig", "x")))
                .isEqualTo("/v1/images/originals/%C3%BCn%C3%AF%20code?fmt=png%26w%3D32&sv=2&w=800");
        // reference value: printf '/v1/images/originals/abc123?fmt=webp&sv=2&w=800' | openssl dgst -sha256 -hmac s3cr3t -binary | basenc --base64url
        assertThat(signer.signature("/v1/images/originals/abc123", Map.of("w", "800", "fmt", "webp", "sv", "2")))
                .isEqualTo("JSffkhtyzh1nUtlVHWYT3rWMb2scpU7KwObrjgfUEw0");
    }

    @Test
    void aValueCanNoLongerPoseAsSeveralParametersNorAnEmptyNameBeAdded() {
        String url = signer.signedPath("originals/a", Map.of("fmt", "png", "w", "32"));
        String sig = url.substring(url.indexOf("sig=") + 4);
        String path = "/v1/images/originals/a";
        assertThat(signer.verify(path, Map.of("fmt", "png", "w", "32", "sv", "2"), sig)).isTrue();
        // what version 1 could not tell apart: one parameter whose value holds '&' and '='
        assertThat(signer.verify(path, Map.of("fmt", "png&w=32", "sv", "2"), sig)).isFalse();
        assertThat(signer.verify(path, Map.of("fmt", "png", "w", "32", "sv", "2", "", "x"), sig)).isFalse();
        assertThat(signer.verify(path, Map.of("fmt", "png", "w", "32", "sv", "3"), sig)).isFalse();
        assertThatThrownBy(() -> signer.signedPath("a", Map.of("", "x"))).hasMessageContaining("empty name");
        assertThatThrownBy(() -> signer.signedPath("a", Map.of("sv", "1"))).hasMessageContaining("sv");
    }

    @Test
    void version1UrlsVerifyDuringTheTransitionOnly() {
        Map<String, String> params = Map.of("w", "800", "fmt", "webp");
        String v1 = signer.signature("/v1/images/originals/abc123", params);
        assertThat(signer.verify("/v1/images/originals/abc123", params, v1)).isTrue();
        assertThat(new ImageUrlSigner("s3cr3t", false).verify("/v1/images/originals/abc123", params, v1)).isFalse();
        assertThat(signer.verify("/v1/images/originals/abc123", Map.of("w", "800", "fmt", "webp", "", "x"), v1))
                .as("an empty parameter cannot be appended to an old URL either").isFalse();
    }

    @Test
    void canonicalStringIsPathQuestionMarkAndSortedParametersWithoutSig() {
        assertThat(ImageUrlSigner.canonical("/v1/images/originals/abc123",
                Map.of("w", "800", "fmt", "webp", "sig", "x", "dpr", "2")))
                .isEqualTo("/v1/images/originals/abc123?dpr=2&fmt=webp&w=800");
        assertThat(ImageUrlSigner.canonical("/v1/images/a", Map.of())).isEqualTo("/v1/images/a?");
    }

    @Test
    void signatureIsUnpaddedBase64UrlHmacSha256OfTheCanonicalString() {
        // reference value: printf '/v1/images/originals/abc123?fmt=webp&w=800' | openssl dgst -sha256 -hmac s3cr3t -binary | basenc --base64url
        assertThat(signer.signature("/v1/images/originals/abc123", Map.of("w", "800", "fmt", "webp")))
                .isEqualTo("ADBV2Fa__-9KFcpPPverDz3hFLl25rYOgsNO-jSt6Vg")
                .doesNotContain("=").hasSize(43);
    }

    @Test
    void verifiesItsOwnSignaturesAndRejectsTamperingAndOtherSecrets() {
        Map<String, String> params = Map.of("w", "800", "fmt", "webp");
        String path = "/v1/images/originals/abc123";
        String sig = signer.signature(path, params);
        assertThat(signer.verify(path, params, sig)).isTrue();
        assertThat(signer.verify(path, Map.of("w", "801", "fmt", "webp"), sig)).isFalse();
        assertThat(signer.verify("/v1/images/originals/abc124", params, sig)).isFalse();
        assertThat(signer.verify(path, Map.of("w", "800", "fmt", "webp", "wm", "0"), sig)).isFalse();
        assertThat(new ImageUrlSigner("other").verify(path, params, sig)).isFalse();
        assertThat(signer.verify(path, params, null)).isFalse();
        assertThat(signer.verify(path, params, "")).isFalse();
        assertThat(signer.verify(path, params, sig + "A")).isFalse();
    }

    @Test
    void signedPathsArePercentEncodedAndSignTheDecodedForm() {
        String url = signer.signedPath("originals/ünï code+x", Map.of("w", "800", "fmt", "webp"));
        assertThat(url).startsWith("/v1/images/originals/%C3%BCn%C3%AF%20code%2Bx?fmt=webp&sv=2&w=800&sig=");
        String sig = url.substring(url.indexOf("sig=") + 4);
        assertThat(signer.verify("/v1/images/originals/ünï code+x", Map.of("w", "800", "fmt", "webp", "sv", "2"),
                sig)).isTrue();
        assertThat(signer.signedUrl("http://cdn.example/", "a", Map.of()))
                .startsWith("http://cdn.example/v1/images/a?sv=2&sig=");
        assertThatThrownBy(() -> signer.signedPath("a", Map.of("sig", "x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ImageUrlSigner(" ")).hasMessageContaining("BMO_RESIZER_SECRET");
    }

    @Test
    void thePublicDevelopmentSecretIsRefusedOutsideTheLocalEnvironment() {
        ImageUrlSigner.requireOwnSecret(ImageUrlSigner.LOCAL_DEVELOPMENT_SECRET, "local");
        ImageUrlSigner.requireOwnSecret(ImageUrlSigner.LOCAL_DEVELOPMENT_SECRET, null);
        ImageUrlSigner.requireOwnSecret("a-secret-of-its-own", "production");
        assertThatThrownBy(() -> ImageUrlSigner.requireOwnSecret(ImageUrlSigner.LOCAL_DEVELOPMENT_SECRET, "lab"))
                .hasMessageContaining("public local development secret").hasMessageContaining("BMO_ENV is 'lab'");
        assertThatThrownBy(() -> ImageUrlSigner.requireOwnSecret("", "production")).hasMessageContaining("not set");
    }

    @Test
    void commandLinePrintsASignedUrl() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SignUrl.run(new String[] {"--base", "http://127.0.0.1:8082", "originals/abc123", "w=800",
                "fmt=webp"}, "s3cr3t", new PrintStream(out, true), new PrintStream(err, true));
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).strip()).isEqualTo(
                "http://127.0.0.1:8082/v1/images/originals/abc123?fmt=webp&sv=2&w=800&sig=JSffkhtyzh1nUtlVHWYT3rWMb2scpU7KwObrjgfUEw0");
        assertThat(SignUrl.run(new String[] {"originals/abc123", "w800"}, "s3cr3t", new PrintStream(out),
                new PrintStream(err, true))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("name=value");
    }
}

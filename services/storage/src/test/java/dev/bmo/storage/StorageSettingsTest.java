package dev.bmo.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StorageSettingsTest {

    @Test
    void defaultsPointAtTheLocalS3Server() {
        StorageSettings s = StorageSettings.fromEnvironment(Map.of());
        assertThat(s.endpoint()).hasValueSatisfying(u -> assertThat(u.toString()).isEqualTo("http://127.0.0.1:9000"));
        assertThat(s.pathStyle()).isTrue();
    }

    @Test
    void anEmptyEndpointMeansAwsAndTheSecretIsNeverPrinted() {
        StorageSettings s = StorageSettings.fromEnvironment(Map.of("BMO_S3_ENDPOINT", "", "BMO_S3_SECRET_KEY", "hunter2"));
        assertThat(s.endpoint()).isEmpty();
        assertThat(s.toString()).doesNotContain("hunter2");
    }
}

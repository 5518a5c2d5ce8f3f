package dev.bmo.resizer;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Outside the local environment the resizer refuses to start with the public development secret. */
class PublicSecretRefusedTest {

    @Test
    void aStagingResizerWithTheDevelopmentSecretDoesNotStart() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(ResizerApplication.class)
                .properties("BMO_ENV=staging", "server.port=0", "management.server.port=0",
                        "BMO_S3_ENDPOINT=http://127.0.0.1:1")
                .run().close())
                .rootCause().hasMessageContaining("BMO_RESIZER_SECRET is the public local development secret")
                .hasMessageContaining("BMO_ENV is 'staging'");
    }
}

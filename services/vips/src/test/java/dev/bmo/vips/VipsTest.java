package dev.bmo.vips;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VipsTest {

    @Test
    void loadsTheInstalledLibvips() {
        assertThat(Vips.version()).matches("8\\.\\d+\\.\\d+");
    }
}

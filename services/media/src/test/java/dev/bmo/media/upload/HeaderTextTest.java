package dev.bmo.media.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HeaderTextTest {

    @Test
    void percentEncodedAndRawUtf8NamesAreDecodedAndOthersKeptAsTheyAre() {
        assertThat(HeaderText.decode("Jos%C3%A9")).isEqualTo("José");
        String rawUtf8AsLatin1 = new String("José".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        assertThat(HeaderText.decode(rawUtf8AsLatin1)).isEqualTo("José");
        assertThat(HeaderText.decode("100% Studio")).isEqualTo("100% Studio");
        assertThat(HeaderText.decode("A+B %zz")).isEqualTo("A+B %zz");
        assertThat(HeaderText.decode("%FF%FE")).isEqualTo("%FF%FE");
        assertThat(HeaderText.decode("Ada")).isEqualTo("Ada");
    }
}

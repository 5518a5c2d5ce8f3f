package dev.bmo.resizer.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bmo.vips.ImageFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageRequestParserTest {

    private final ImageRequestParser parser = new ImageRequestParser(8192);

    private static Map<String, String[]> params(String... pairs) {
        Map<String, String[]> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], new String[] {pairs[i + 1]});
        }
        return map;
    }

    @Test
    void parsesEveryParameter() {
        ImageRequest r = parser.parse("originals/abc", params("w", "400", "h", "300", "fit", "cover", "fmt", "webp",
                "q", "70", "dpr", "1.5", "wm", "1", "sig", "x"));
        assertThat(r.width()).hasValue(400);
        assertThat(r.height()).hasValue(300);
        assertThat(r.fit()).isEqualTo(Fit.COVER);
        assertThat(r.format()).contains(ImageFormat.WEBP);
        assertThat(r.auto()).isFalse();
        assertThat(r.quality()).hasValue(70);
        assertThat(r.dpr()).isEqualTo(1.5);
        assertThat(r.watermark()).isTrue();
    }

    @Test
    void defaultsAreInsideNoFormatNoWatermark() {
        ImageRequest r = parser.parse("a/b/c.jpg", params());
        assertThat(r.fit()).isEqualTo(Fit.INSIDE);
        assertThat(r.format()).isEmpty();
        assertThat(r.watermark()).isFalse();
        assertThat(parser.parse("k", params("fmt", "auto")).auto()).isTrue();
    }

    @Test
    void rejectsUnknownRepeatedAndMalformedParameters() {
        assertCode(params("width", "3"), "unknown_parameter");
        Map<String, String[]> repeated = new LinkedHashMap<>();
        repeated.put("w", new String[] {"1", "2"});
        assertCode(repeated, "repeated_parameter");
        assertCode(params("w", "abc"), "bad_parameter");
        assertCode(params("w", "-5"), "bad_parameter");
        assertCode(params("w", "0"), "output_too_large");
        assertCode(params("w", "9000"), "output_too_large");
        assertCode(params("w", "5000", "dpr", "2"), "output_too_large");
        assertCode(params("dpr", "5"), "bad_parameter");
        assertCode(params("dpr", "1e3"), "bad_parameter");
        assertCode(params("q", "101"), "bad_parameter");
        assertCode(params("fit", "stretch"), "bad_parameter");
        assertCode(params("fit", "cover", "w", "10"), "bad_parameter");
        assertCode(params("fmt", "gif"), "bad_parameter");
        assertCode(params("fmt", "jpg"), "bad_parameter");
        assertCode(params("wm", "yes"), "bad_parameter");
    }

    @Test
    void rejectsBadKeys() {
        for (String key : new String[] {"", "a//b", "../etc/passwd", "a/./b", "a\u0000b", "x".repeat(1025)}) {
            assertThatThrownBy(() -> parser.parse(key, params())).as(key)
                    .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.code()).isEqualTo("bad_key"));
        }
    }

    @Test
    void negotiatesAutoFromAccept() {
        ImageRequest auto = parser.parse("k", params("fmt", "auto"));
        assertThat(FormatNegotiation.outputFormat(auto, "image/avif,image/webp,*/*")).isEqualTo(ImageFormat.WEBP);
        assertThat(FormatNegotiation.outputFormat(auto, "image/webp;q=0, image/jpeg")).isEqualTo(ImageFormat.JPEG);
        assertThat(FormatNegotiation.outputFormat(auto, null)).isEqualTo(ImageFormat.JPEG);
        assertThat(FormatNegotiation.outputFormat(parser.parse("k", params()), "image/webp"))
                .isEqualTo(ImageFormat.JPEG);
        assertThat(FormatNegotiation.outputFormat(parser.parse("k", params("fmt", "png")), "image/webp"))
                .isEqualTo(ImageFormat.PNG);
    }

    private void assertCode(Map<String, String[]> params, String code) {
        assertThatThrownBy(() -> parser.parse("k", params)).as(params.keySet().toString())
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.code()).isEqualTo(code));
    }
}

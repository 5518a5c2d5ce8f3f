package dev.bmo.vips;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attribution text is drawn as text: markup in it is shown, not obeyed; emoji come out in colour; right-to-left
 * names are laid out. The renders are also written to {@code target/text-renders/} for looking at.
 */
class TextTest {

    @BeforeAll
    static void start() {
        Vips.start(VipsSettings.serverDefaults());
    }

    static VipsImage render(String text, String file) throws Exception {
        VipsImage label = VipsImage.text(text, TextOptions.white(32));
        Path dir = Path.of("target", "text-renders");
        Files.createDirectories(dir);
        try (VipsImage bg = VipsImage.solid(label.width() + 20, label.height() + 20, 40, 40, 40);
                VipsImage shown = bg.composite(label, 10, 10)) {
            Files.write(dir.resolve(file), shown.save(SaveOptions.of(ImageFormat.PNG)));
        }
        return label;
    }

    @Test
    void markupIsDrawnLiterally() throws Exception {
        try (VipsImage markup = render("© Ana <span font=\"900\">&amp; Co</span> '\"", "markup.png");
                VipsImage plain = render("© Ana &amp; Co", "plain.png")) {
            // a 900 pt span would make it hundreds of pixels high; drawn as text it is one 32 px line, and wider
            // than the same name without the tags
            assertThat(markup.height()).isLessThan(64);
            assertThat(markup.width()).isGreaterThan(plain.width() + 200);
            assertThat(markup.bands()).isEqualTo(4);
        }
    }

    @Test
    void emojiAreInColourAndTheRestInTheTextColour() throws Exception {
        try (VipsImage label = render("Zoë 📷🌍", "emoji.png"); VipsImage pixels = label.inMemory()) {
            int colourful = 0;
            int white = 0;
            for (int y = 0; y < pixels.height(); y += 2) {
                for (int x = 0; x < pixels.width(); x += 2) {
                    double[] p = pixels.pixel(x, y);
                    if (p[3] > 200) {
                        double spread = Math.max(p[0], Math.max(p[1], p[2])) - Math.min(p[0], Math.min(p[1], p[2]));
                        if (spread > 80) {
                            colourful++;
                        } else if (p[0] > 240 && p[1] > 240 && p[2] > 240) {
                            white++;
                        }
                    }
                }
            }
            assertThat(colourful).as("colour emoji pixels (needs fonts-noto-color-emoji)").isGreaterThan(50);
            assertThat(white).as("white text pixels").isGreaterThan(20);
        }
    }

    @Test
    void rightToLeftNamesRender() throws Exception {
        try (VipsImage arabic = render("© محمد الأحمد", "arabic.png");
                VipsImage hebrew = render("© דוד כהן & Ada", "hebrew.png")) {
            assertThat(arabic.width()).isGreaterThan(100);
            assertThat(hebrew.width()).isGreaterThan(100);
            assertThat(arabic.height()).isLessThan(64);
        }
    }
}

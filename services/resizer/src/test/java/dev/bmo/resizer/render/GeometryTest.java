package dev.bmo.resizer.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bmo.resizer.request.Fit;
import dev.bmo.vips.ImageFormat;
import org.junit.jupiter.api.Test;

class GeometryTest {

    private static RenderSpec spec(int w, int h, Fit fit) {
        return new RenderSpec("k", w, h, fit, ImageFormat.JPEG, 82, false);
    }

    @Test
    void insideKeepsAspectAndNeverEnlarges() {
        assertThat(Geometry.plan(6000, 4000, spec(800, 0, Fit.INSIDE), 8192)).isEqualTo(new Geometry(800, 533, 800, 533));
        assertThat(Geometry.plan(6000, 4000, spec(0, 400, Fit.INSIDE), 8192)).isEqualTo(new Geometry(600, 400, 600, 400));
        assertThat(Geometry.plan(6000, 4000, spec(800, 800, Fit.INSIDE), 8192)).isEqualTo(new Geometry(800, 533, 800, 533));
        assertThat(Geometry.plan(600, 400, spec(800, 0, Fit.INSIDE), 8192)).isEqualTo(new Geometry(600, 400, 600, 400));
        assertThat(Geometry.plan(10000, 5000, spec(0, 0, Fit.INSIDE), 8192)).isEqualTo(new Geometry(8192, 4096, 8192, 4096));
    }

    @Test
    void coverFillsThenCrops() {
        assertThat(Geometry.plan(6000, 4000, spec(300, 300, Fit.COVER), 8192)).isEqualTo(new Geometry(450, 300, 300, 300));
        assertThat(Geometry.plan(200, 100, spec(300, 300, Fit.COVER), 8192)).isEqualTo(new Geometry(200, 100, 200, 100));
    }

    @Test
    void containPadsAndFillStretches() {
        assertThat(Geometry.plan(6000, 4000, spec(300, 300, Fit.CONTAIN), 8192)).isEqualTo(new Geometry(300, 200, 300, 300));
        assertThat(Geometry.plan(6000, 4000, spec(300, 300, Fit.FILL), 8192)).isEqualTo(new Geometry(300, 300, 300, 300));
    }

    @Test
    void masterFitsWhenItHasThePixels() {
        Geometry g = Geometry.plan(6000, 4000, spec(800, 0, Fit.INSIDE), 8192);
        assertThat(g.fitsWithin(2048, 1365)).isTrue();
        assertThat(Geometry.plan(6000, 4000, spec(2500, 0, Fit.INSIDE), 8192).fitsWithin(2048, 1365)).isFalse();
    }
}

package dev.bmo.api.photo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bmo.api.images.Client;
import dev.bmo.api.media.MediaReply;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ViewCacheTest {

    final ViewCache cache = new ViewCache(tools.jackson.databind.json.JsonMapper.builder().build());
    final AtomicInteger made = new AtomicInteger();

    PhotoView make(String state) {
        made.incrementAndGet();
        return new PhotoView("p1", "Ana", 800, 600, "2026-12-02T00:00:00Z", state, null, null);
    }

    @Test
    void aViewIsMadeOncePerMediaAnswerAndScreen() {
        PhotoViews.Screen web = new PhotoViews.Screen(Client.WEB, null, 1.0, "image/webp");
        PhotoViews.Screen phone = new PhotoViews.Screen(Client.IOS, 390, 3.0, "image/webp");
        MediaReply processing = new MediaReply(200, "{}".getBytes());

        PhotoAnswer first = cache.get("p1", web, processing, () -> make("processing"));
        assertThat(new String(first.json())).contains("\"state\":\"processing\"");
        assertThat(cache.madeFrom("p1", web, processing)).isSameAs(first);
        assertThat(cache.get("p1", web, processing, () -> make("processing"))).isSameAs(first);
        assertThat(made).hasValue(1);
        // another screen: its own view
        cache.get("p1", phone, processing, () -> make("processing"));
        assertThat(made).hasValue(2);
        // media answered again (the photo is ready now): the old view is not served for the new answer,
        // even though the bytes are alike
        MediaReply ready = new MediaReply(200, "{}".getBytes());
        assertThat(cache.madeFrom("p1", web, ready)).isNull();
        assertThat(cache.get("p1", web, ready, () -> make("ready")).view().state()).isEqualTo("ready");
        assertThat(made).hasValue(3);
    }
}

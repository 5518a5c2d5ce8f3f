package dev.bmo.api.photo;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.bmo.api.media.MediaReply;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import org.springframework.util.DigestUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * A photo's answer for one kind of screen, kept while the media answer it was made from is still the one the
 * cache holds: a cache hit then neither parses media's JSON nor signs the image URLs nor serialises the view
 * again. A new answer from media (fresher, or another photo) makes a new one. Bounded by count: clients choose
 * the screen parameters, so a hostile one can only push out others' entries.
 */
@Component
class ViewCache {

    private record Key(String id, PhotoViews.Screen screen) {
    }

    private record Made(MediaReply from, PhotoAnswer answer) {
    }

    private final Cache<Key, Made> views = Caffeine.newBuilder().maximumSize(20_000).build();
    private final JsonMapper json;

    ViewCache(JsonMapper json) {
        this.json = json;
    }

    PhotoAnswer get(String id, PhotoViews.Screen screen, MediaReply from, Supplier<PhotoView> make) {
        PhotoAnswer made = madeFrom(id, screen, from);
        if (made != null) {
            return made;
        }
        PhotoView view = make.get();
        byte[] bytes = json.writeValueAsBytes(view);
        PhotoAnswer answer = new PhotoAnswer(view, bytes, etag(bytes));
        views.put(new Key(id, screen), new Made(from, answer));
        return answer;
    }

    /** The answer made from exactly this media answer, or null. */
    PhotoAnswer madeFrom(String id, PhotoViews.Screen screen, MediaReply from) {
        Made made = views.getIfPresent(new Key(id, screen));
        return made != null && made.from() == from ? made.answer() : null;
    }

    /** ShallowEtagHeaderFilter's strong ETag of these bytes: "0" and their MD5, quoted. */
    private static String etag(byte[] bytes) {
        return "\"0" + DigestUtils.md5DigestAsHex(bytes) + "\"";
    }
}

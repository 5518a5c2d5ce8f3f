package dev.bmo.api.photo;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.bmo.api.media.MediaReply;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * A photo's view for one kind of screen, kept while the media answer it was made from is still the one the
 * cache holds: a cache hit then neither parses media's JSON nor signs the image URLs again (about a third of
 * a hit's work). A new answer from media (fresher, or another photo) makes a new view. Bounded by count:
 * clients choose the screen parameters, so a hostile one can only push out others' entries.
 */
@Component
class ViewCache {

    private record Key(String id, PhotoViews.Screen screen) {
    }

    private record Made(MediaReply from, PhotoView view) {
    }

    private final Cache<Key, Made> views = Caffeine.newBuilder().maximumSize(20_000).build();

    PhotoView get(String id, PhotoViews.Screen screen, MediaReply from, Supplier<PhotoView> make) {
        Key key = new Key(id, screen);
        Made made = views.getIfPresent(key);
        if (made != null && made.from() == from) {
            return made.view();
        }
        PhotoView view = make.get();
        views.put(key, new Made(from, view));
        return view;
    }
}

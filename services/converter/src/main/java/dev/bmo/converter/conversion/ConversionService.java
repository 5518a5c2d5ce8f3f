package dev.bmo.converter.conversion;

import dev.bmo.converter.messaging.ConfirmedPublisher;
import dev.bmo.converter.messaging.Topology;
import dev.bmo.storage.ObjectInfo;
import dev.bmo.storage.ObjectStore;
import dev.bmo.storage.ObjectStream;
import dev.bmo.vips.ImageFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Converts one photo: renditions and the smaller masters (levels) first, the master last, so an existing
 * master means a finished conversion. A redelivered request for a finished photo renders nothing and only announces it again;
 * one for an unfinished photo overwrites the same keys with the same images. Either way no duplicates.
 */
@Service
public class ConversionService {

    public enum Outcome { CONVERTED, SKIPPED }

    private final ObjectStore store;
    private final Renderer renderer;
    private final ConfirmedPublisher publisher;
    private final ConversionSettings settings;
    private final JsonMapper json;

    public ConversionService(ObjectStore store, Renderer renderer, ConfirmedPublisher publisher,
                             ConversionSettings settings, JsonMapper json) {
        this.store = store;
        this.renderer = renderer;
        this.publisher = publisher;
        this.settings = settings;
        this.json = json;
    }

    /** The master of an opaque source; sources with alpha have {@code master.webp} instead. */
    public static String masterKey(String id) {
        return Renderer.masterKey(id, ImageFormat.JPEG);
    }

    public Outcome convert(ConversionRequest request) {
        for (ImageFormat format : new ImageFormat[] {Renderer.masterFormat(false), Renderer.masterFormat(true)}) {
            String key = Renderer.masterKey(request.id(), format);
            Optional<ObjectInfo> done = store.head(key);
            if (done.isPresent()) {
                announce(request.id(), key, renditionKeys(request.id()), done.get().lastModified());
                return Outcome.SKIPPED;
            }
        }
        Path original = tempFile();
        try {
            ObjectInfo info;
            try (ObjectStream in = store.get(request.originalKey())) {
                info = in.info();
                Files.copy(in, original, StandardCopyOption.REPLACE_EXISTING);
            }
            Renderer.Output out = renderer.render(request.id(), original);
            String photographer = Optional.ofNullable(info.metadata("photographer")).orElse(request.photographer());
            List<String> keys = new ArrayList<>();
            for (RenderedImage r : out.renditions()) {
                store.put(r.key(), r.bytes(), r.mediaType(), Map.of("photographer", photographer,
                        "width", Integer.toString(r.width()), "height", Integer.toString(r.height())));
                keys.add(r.key());
            }
            for (RenderedImage level : out.levels()) { // before the master, which says the conversion is done
                store.put(level.key(), level.bytes(), level.mediaType(), Map.of("photographer", photographer,
                        "width", Integer.toString(level.width()), "height", Integer.toString(level.height())));
            }
            Map<String, String> masterMetadata = new LinkedHashMap<>();
            masterMetadata.put("photographer", photographer);
            masterMetadata.put("width", Optional.ofNullable(info.metadata("width")).orElse(""));
            masterMetadata.put("height", Optional.ofNullable(info.metadata("height")).orElse(""));
            masterMetadata.put("master-width", Integer.toString(out.master().width()));
            masterMetadata.put("master-height", Integer.toString(out.master().height()));
            masterMetadata.values().removeIf(String::isEmpty);
            store.put(out.master().key(), out.master().bytes(), out.master().mediaType(), masterMetadata);
            announce(request.id(), out.master().key(), keys, Instant.now());
            return Outcome.CONVERTED;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                Files.deleteIfExists(original);
            } catch (IOException ignored) {
                // the temp folder is cleaned by the OS eventually
            }
        }
    }

    private List<String> renditionKeys(String id) {
        List<String> keys = new ArrayList<>();
        for (int width : settings.widths()) {
            for (String format : settings.formats()) {
                keys.add("renditions/" + id + "/" + width + "."
                        + ImageFormat.fromName(format).map(ImageFormat::extension).orElse(format));
            }
        }
        return keys;
    }

    /**
     * Tells media the photo will never convert ({@code photo.failed}: id, reason such as {@code corrupt_image},
     * detail, failedAt); confirmed by RabbitMQ before it returns.
     */
    public void announceFailure(String id, String reason, String detail) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", id);
        event.put("reason", reason);
        event.put("detail", detail);
        event.put("failedAt", Instant.now().toString());
        Message message = MessageBuilder.withBody(json.writeValueAsString(event).getBytes(StandardCharsets.UTF_8))
                .setContentType("application/json").setDeliveryMode(MessageDeliveryMode.PERSISTENT)
                .setMessageId(id).build();
        publisher.publish(Topology.EXCHANGE, Topology.FAILED, message);
    }

    private void announce(String id, String masterKey, List<String> renditions, Instant at) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", id);
        event.put("masterKey", masterKey);
        event.put("renditions", renditions);
        event.put("convertedAt", at.toString());
        Message message = MessageBuilder.withBody(json.writeValueAsString(event).getBytes(StandardCharsets.UTF_8))
                .setContentType("application/json").setDeliveryMode(MessageDeliveryMode.PERSISTENT)
                .setMessageId(id).build();
        publisher.publish(Topology.EXCHANGE, Topology.CONVERTED, message);
    }

    private static Path tempFile() {
        try {
            return Files.createTempFile("bmo-original-", ".img");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.bmo.media.upload;

import dev.bmo.media.messaging.Topology;
import dev.bmo.media.outbox.OutboxRelay;
import dev.bmo.media.outbox.OutboxRepository;
import dev.bmo.media.photo.Photo;
import dev.bmo.media.photo.PhotoRepository;
import dev.bmo.storage.BodyTooLargeException;
import dev.bmo.storage.ObjectStore;
import dev.bmo.storage.StoredObject;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.security.SecureRandom;
import dev.bmo.observability.TraceCarrier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Accepts an upload: sniffs and inspects the first bytes, streams the body into {@code originals/{id}}
 * (never holding more than one S3 part of it), then records the photo and its conversion request in one
 * transaction. Whatever rejects it, no object stays behind.
 */
@Service
public class UploadService {

    private static final Logger log = LoggerFactory.getLogger(UploadService.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ObjectStore store;
    private final ImageInspector inspector;
    private final PhotoRepository photos;
    private final OutboxRepository outbox;
    private final OutboxRelay relay;
    private final TransactionTemplate tx;
    private final UploadLimits limits;
    private final JsonMapper json;
    private final MeterRegistry meters;
    private final TraceCarrier traces;
    private final DistributionSummary acceptedBytes;
    private final Timer duration;

    public UploadService(ObjectStore store, ImageInspector inspector, PhotoRepository photos, OutboxRepository outbox,
                         OutboxRelay relay, TransactionTemplate tx, UploadLimits limits, JsonMapper json,
                         MeterRegistry meters, TraceCarrier traces) {
        this.store = store;
        this.inspector = inspector;
        this.photos = photos;
        this.outbox = outbox;
        this.relay = relay;
        this.tx = tx;
        this.limits = limits;
        this.json = json;
        this.meters = meters;
        this.traces = traces;
        this.acceptedBytes = DistributionSummary.builder("bmo.media.upload.bytes").baseUnit("bytes")
                .description("size of accepted originals").register(meters);
        this.duration = Timer.builder("bmo.media.upload.duration").description("time to accept an upload")
                .register(meters);
    }

    public UploadResult accept(UploadRequest request) {
        Timer.Sample sample = Timer.start(meters);
        try {
            UploadResult result = doAccept(request);
            count(result.replayed() ? "replayed" : "accepted", "none");
            if (!result.replayed()) {
                acceptedBytes.record(result.photo().sizeBytes());
            }
            return result;
        } catch (UploadRejectedException e) {
            count("rejected", e.rejection().code());
            throw e;
        } catch (RuntimeException e) {
            count("failed", e.getClass().getSimpleName());
            throw e;
        } finally {
            sample.stop(duration);
        }
    }

    private void count(String outcome, String reason) {
        Counter.builder("bmo.media.uploads").description("uploads by outcome and rejection reason")
                .tag("outcome", outcome).tag("reason", reason).register(meters).increment();
    }

    private UploadResult doAccept(UploadRequest request) {
        Optional<String> key = request.idempotencyKey();
        if (key.isPresent()) {
            Optional<Photo> earlier = photos.findByIdempotencyKey(key.get());
            if (earlier.isPresent()) {
                return new UploadResult(earlier.get(), true);
            }
        }
        long maxBytes = limits.maxSize().toBytes();
        if (request.declaredLength() > maxBytes) {
            throw new UploadRejectedException(Rejection.TOO_LARGE,
                    "the body is " + request.declaredLength() + " bytes; the limit is " + maxBytes);
        }
        HeadReader head = new HeadReader(request.body(), (int) limits.headerBytes().toBytes());
        if (head.start() == 0) {
            throw new UploadRejectedException(Rejection.EMPTY_BODY, "the body is empty");
        }
        JpegScanner jpeg = new JpegScanner();
        ImageInspector.Inspection image = inspect(head, jpeg);
        long maxPixels = limits.maxMegapixels() * 1_000_000L;
        if (image.pixels() > maxPixels) {
            throw new UploadRejectedException(Rejection.TOO_MANY_PIXELS, "the image is " + image.width() + "x"
                    + image.height() + " pixels; the limit is " + limits.maxMegapixels() + " megapixels");
        }

        String id = newId();
        String originalKey = Photo.originalKey(id);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("photographer", request.photographer());
        metadata.put("content-type", image.type().mediaType());
        metadata.put("width", Integer.toString(image.width()));
        metadata.put("height", Integer.toString(image.height()));
        // the resizer and converter keep transparency for these (a WebP master, never an alpha-less one)
        metadata.put("alpha", Boolean.toString(image.alpha()));
        metadata.put("uploaded-at", now.toString());
        // a JPEG is followed to its end as it streams into S3: one cut short fails the put, which leaves nothing
        InputStream rest = image.type() == ImageType.JPEG ? new TruncationCheck(request.body(), jpeg) : request.body();
        InputStream body = new SequenceInputStream(new ByteArrayInputStream(head.buffer(), 0, head.length()), rest);
        StoredObject stored;
        try {
            stored = store.put(originalKey, body, image.type().mediaType(), metadata, maxBytes);
        } catch (BodyTooLargeException e) {
            throw new UploadRejectedException(Rejection.TOO_LARGE, "the body is larger than " + maxBytes + " bytes");
        }

        Photo photo = new Photo(id, request.photographer(), image.type().mediaType(), image.width(), image.height(),
                stored.size(), originalKey, key, now, Optional.empty());
        try {
            tx.executeWithoutResult(status -> {
                photos.insert(photo);
                outbox.add(id, Topology.UPLOADED, conversionRequest(photo), now, traces.current());
            });
        } catch (DuplicateKeyException raced) {
            // a concurrent upload with the same idempotency key won: answer with it, drop ours
            deleteQuietly(originalKey);
            return new UploadResult(photos.findByIdempotencyKey(key.orElseThrow()).orElseThrow(() -> raced), true);
        } catch (RuntimeException e) {
            deleteQuietly(originalKey);
            throw e;
        }
        log.atInfo().addKeyValue("photo.id", id).log("photo {} accepted: {} bytes, {}x{} {}", id, stored.size(),
                image.width(), image.height(), image.type().mediaType());
        relay.nudge();
        return new UploadResult(photo, false);
    }

    private String conversionRequest(Photo photo) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", photo.id());
        m.put("originalKey", photo.originalKey());
        m.put("photographer", photo.photographer());
        m.put("contentType", photo.contentType());
        m.put("width", photo.width());
        m.put("height", photo.height());
        m.put("uploadedAt", photo.uploadedAt().toString());
        return json.writeValueAsString(m);
    }

    private void deleteQuietly(String key) {
        try {
            store.delete(key);
        } catch (RuntimeException e) {
            log.error("could not delete {} after a failed upload; it is orphaned: {}", key, e.getMessage());
        }
    }

    /**
     * Reads as much of the body's start as the header needs (a streaming read, not a fixed prefix: metadata
     * before the frame can be megabytes), up to {@code header-bytes}, and inspects it.
     */
    private ImageInspector.Inspection inspect(HeadReader head, JpegScanner jpeg) {
        ImageType type = ImageType.sniff(head.buffer(), head.length()).orElseThrow(() -> new UploadRejectedException(
                Rejection.NOT_AN_IMAGE, ImageInspector.NOT_AN_IMAGE_MESSAGE));
        long bound = limits.headerBytes().toBytes();
        if (type == ImageType.JPEG && !head.readJpegHeader(jpeg) && head.atBound()) {
            throw headerTooLarge(bound);
        }
        while (true) {
            try {
                return inspector.inspect(head.buffer(), head.length());
            } catch (UploadRejectedException e) {
                boolean unreadable = e.rejection() == Rejection.UNREADABLE_IMAGE
                        || e.rejection() == Rejection.UNSUPPORTED_IMAGE_TYPE;
                if (type == ImageType.JPEG || !unreadable || !head.more()) {
                    if (unreadable && head.atBound()) {
                        throw headerTooLarge(bound);
                    }
                    throw e;
                }
            }
        }
    }

    private static UploadRejectedException headerTooLarge(long bound) {
        return new UploadRejectedException(Rejection.HEADER_TOO_LARGE, "the image's header (its metadata before "
                + "the picture) is longer than the " + bound + " bytes this server reads (BMO_MEDIA_MAX_HEADER_BYTES)");
    }

    /** 128 random bits as 32 hex digits: unguessable, and safe in keys and URLs. */
    static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}

package dev.bmo.resizer.source;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.bmo.storage.ObjectInfo;
import dev.bmo.storage.ObjectNotFoundException;
import dev.bmo.storage.ObjectStore;
import dev.bmo.storage.ObjectStream;
import dev.bmo.storage.StorageException;
import dev.bmo.vips.NativeBytes;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * Reads sources from S3 through the shared storage library: the original's HEAD (cached briefly: originals
 * are immutable once uploaded), its bytes, and the converter's master ({@code renditions/{id}/master.jpg} for
 * {@code originals/{id}}); bytes read in the last moments come from the {@link SourceCache}.
 */
public final class SourceStore {

    static final String ORIGINALS = "originals/";
    /**
     * A level serves outputs up to its long side / 1.25: closer to the level's own size its JPEG starts to show
     * (converter's RendererTest: at the margin, CIEDE2000 at most 0.2 above a render from the full master).
     */
    static final double LEVEL_MARGIN = 1.25;
    /** The converter's master is about this long on its long side; larger outputs go straight to the original. */
    public static final int MASTER_LONG_SIDE = 2048;

    private final ObjectStore store;
    private final long maxBytes;
    private final Cache<String, OriginalInfo> heads;
    private final DistributionSummary originalBytes;
    private final DistributionSummary masterBytes;
    private final SourceCache recent;
    private final List<Integer> levels;

    public SourceStore(ObjectStore store, long maxBytes, MeterRegistry registry) {
        this(store, maxBytes, new SourceCache(0, Duration.ZERO, registry), List.of(), registry);
    }

    /** @param levels the long sides of the converter's smaller masters ({@code BMO_MASTER_LEVELS}) */
    public SourceStore(ObjectStore store, long maxBytes, SourceCache recent, List<Integer> levels,
            MeterRegistry registry) {
        this.store = store;
        this.maxBytes = maxBytes;
        this.recent = recent;
        this.levels = levels.stream().sorted().toList();
        this.heads = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(1)).build();
        this.originalBytes = sourceBytes(registry, "original");
        this.masterBytes = sourceBytes(registry, "master");
    }

    private static DistributionSummary sourceBytes(MeterRegistry registry, String kind) {
        return DistributionSummary.builder("resizer.source.bytes").baseUnit("bytes")
                .description("bytes of sources fetched from S3").tag("source", kind).register(registry);
    }

    /** The original's HEAD; throws {@link SourceNotFoundException} when there is no such key. */
    public OriginalInfo original(String key) {
        OriginalInfo cached = heads.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        ObjectInfo info = store.head(key).orElseThrow(() -> new SourceNotFoundException(key));
        String alpha = info.metadata("alpha");
        OriginalInfo original = new OriginalInfo(key, info.size(), positive(info.metadata("width")),
                positive(info.metadata("height")), Optional.ofNullable(info.metadata("photographer")),
                alpha == null ? Optional.empty() : Optional.of(Boolean.parseBoolean(alpha.trim())));
        heads.put(key, original);
        return original;
    }

    /**
     * The original's bytes in native memory (for {@link dev.bmo.vips.VipsBuffer#adopt}; the caller closes or
     * adopts them), refused past the size limit.
     */
    public NativeBytes originalBytes(OriginalInfo original) {
        if (original.size() > maxBytes) {
            throw tooLarge(original.key(), original.size());
        }
        return read(original.key()).orElseThrow(() -> {
            heads.invalidate(original.key());
            return new SourceNotFoundException(original.key());
        });
    }

    /**
     * The master's bytes for an original, if the converter has made one (the caller closes or adopts them):
     * {@code master.webp} (with alpha) for an original with alpha, {@code master.jpg} for an opaque one; an
     * original without the {@code alpha} metadata (stored before media recorded it) tries the JPEG, then the WebP.
     * It is the smallest master that covers an output of this long side: the converter's smaller masters (levels,
     * {@code master-1280.jpg}) serve outputs up to their size divided by {@link #LEVEL_MARGIN}; a level the
     * converter did not make (a photo converted before it made levels) falls back to the master.
     */
    public Optional<NativeBytes> masterBytes(OriginalInfo original, int outputLongSide) {
        String originalKey = original.key();
        if (!originalKey.startsWith(ORIGINALS)) {
            return Optional.empty();
        }
        OptionalInt level = coveringLevel(outputLongSide);
        if (level.isPresent()) {
            Optional<NativeBytes> bytes = firstOf(original, ext -> masterKey(originalKey, levelName(level.getAsInt()),
                    ext));
            if (bytes.isPresent()) {
                return bytes;
            }
        }
        return firstOf(original, ext -> masterKey(originalKey, "master", ext));
    }

    /** The smallest level that serves an output of this long side (by {@link #LEVEL_MARGIN}), if any does. */
    private OptionalInt coveringLevel(int outputLongSide) {
        return levels.stream().filter(l -> outputLongSide * LEVEL_MARGIN <= l).mapToInt(Integer::intValue).findFirst();
    }

    /** {@code master-1280}: a level's name in its key. */
    private static String levelName(int level) {
        return "master-" + level;
    }

    /**
     * The master (by its long side) this service may make itself from an original it has just read for an output
     * of this long side, and keep among the recent sources ({@link #keepInterimMaster}): the one
     * {@link #masterBytes} looks for first. Only while the source cache is on, for an opaque original (as its
     * header says: the converter's master of one with alpha is a WebP) known to be larger than that master: a fresh
     * photo asked for in many sizes before the converter has made its masters then decodes its original once, not
     * once per size.
     */
    public OptionalInt interimMaster(OriginalInfo original, boolean hasAlpha, int outputLongSide) {
        if (!recent.enabled() || !original.key().startsWith(ORIGINALS) || hasAlpha || original.alpha().orElse(false)
                || !original.hasSize() || outputLongSide > MASTER_LONG_SIDE) {
            return OptionalInt.empty();
        }
        int level = coveringLevel(outputLongSide).orElse(MASTER_LONG_SIDE);
        int longSide = Math.max(original.width().getAsInt(), original.height().getAsInt());
        return level < longSide ? OptionalInt.of(level) : OptionalInt.empty();
    }

    /**
     * Keeps a master made here (a JPEG, as the converter makes it) under the converter's key among the recent
     * sources, never in S3: for {@code ttl} it stands in for the one the converter is making.
     */
    public void keepInterimMaster(OriginalInfo original, int level, byte[] jpeg) {
        String key = masterKey(original.key(), level == MASTER_LONG_SIDE ? "master" : levelName(level), "jpg");
        recent.put(key, NativeBytes.copyOf(jpeg));
    }

    /** The JPEG for an opaque original, the WebP for one with alpha, both (JPEG first) when it is not known. */
    private Optional<NativeBytes> firstOf(OriginalInfo original, Function<String, String> key) {
        Optional<NativeBytes> bytes = original.alpha().orElse(false) ? Optional.empty() : read(key.apply("jpg"));
        if (bytes.isEmpty() && original.alpha().orElse(true)) {
            bytes = read(key.apply("webp"));
        }
        return bytes;
    }

    /** {@code renditions/{id}/master.jpg} (opaque sources) or {@code master.webp} (sources with alpha). */
    public static String masterKey(String originalKey, String extension) {
        return masterKey(originalKey, "master", extension);
    }

    private static String masterKey(String originalKey, String name, String extension) {
        return "renditions/" + originalKey.substring(ORIGINALS.length()) + "/" + name + "." + extension;
    }

    /** Throws unless the bucket answers (readiness). */
    public void checkReachable() {
        store.checkBucket();
    }

    private Optional<NativeBytes> read(String key) {
        return recent.get(key, this::fetch);
    }

    /**
     * Streams the object straight into native memory (no copy on the Java heap: sources are up to
     * {@code maxBytes}, and libvips takes the native bytes over as they are).
     */
    private Optional<NativeBytes> fetch(String key) {
        try (ObjectStream in = store.get(key)) {
            long size = in.info().size();
            if (size > maxBytes) {
                throw tooLarge(key, size);
            }
            if (size < 1) {
                throw new UnprocessableSourceException("not_an_image", "the source '" + key + "' is empty");
            }
            NativeBytes bytes = NativeBytes.read(in, (int) size);
            if (in.read() != -1) { // also lets the connection go back to the pool instead of being aborted
                bytes.close();
                throw new IOException("longer than its Content-Length " + size);
            }
            (key.startsWith(ORIGINALS) ? originalBytes : masterBytes).record(size);
            return Optional.of(bytes);
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StorageException("reading " + key + " failed: " + e.getMessage(), e);
        }
    }

    private UnprocessableSourceException tooLarge(String key, long size) {
        return new UnprocessableSourceException("source_too_large", "the source '" + key + "' has "
                + (size > maxBytes ? "more than " + maxBytes : size) + " bytes; the limit is " + maxBytes);
    }

    private static OptionalInt positive(String value) {
        if (value == null) {
            return OptionalInt.empty();
        }
        try {
            int n = Integer.parseInt(value.trim());
            return n > 0 ? OptionalInt.of(n) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}

package dev.bmo.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggerContextVO;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

/**
 * A log event with {@code labels.commit} added to its key-value pairs, so Boot's ECS formatter nests it into the
 * same {@code labels} object as the line's own labels (the access log's {@code labels.cache}). Added as a
 * {@code logging.structured.json.add} member instead, it is a second {@code labels} object, and Boot's JSON
 * writer refuses the line ("The name 'labels' has already been written"): logback drops it.
 */
final class CommitLabelledEvent implements ILoggingEvent {

    static final String KEY = "labels.commit";

    private final ILoggingEvent event;
    private final KeyValuePair commit;
    private final boolean ownUnderLabels;

    CommitLabelledEvent(ILoggingEvent event, KeyValuePair commit) {
        this(event, commit, false);
    }

    /**
     * @param ownUnderLabels the line's own pairs go under {@code labels} ({@code host.ip} as
     *                       {@code labels.host_ip}): for a line whose pairs clash with the members every line has
     */
    CommitLabelledEvent(ILoggingEvent event, KeyValuePair commit, boolean ownUnderLabels) {
        this.event = event;
        this.commit = commit;
        this.ownUnderLabels = ownUnderLabels;
    }

    @Override
    public List<KeyValuePair> getKeyValuePairs() {
        List<KeyValuePair> own = event.getKeyValuePairs();
        if (own == null || own.isEmpty()) {
            return List.of(commit);
        }
        List<KeyValuePair> all = new ArrayList<>(own.size() + 1);
        for (KeyValuePair pair : own) {
            all.add(ownUnderLabels ? underLabels(pair) : pair);
        }
        all.add(commit);
        return all;
    }

    /** ECS labels are flat: the key's dots become underscores. */
    private static KeyValuePair underLabels(KeyValuePair pair) {
        if (pair.key == null) {
            return pair;
        }
        String name = pair.key.startsWith("labels.") ? pair.key.substring(7) : pair.key;
        return new KeyValuePair("labels." + name.replace('.', '_'), pair.value);
    }

    @Override
    public String getThreadName() {
        return event.getThreadName();
    }

    @Override
    public Level getLevel() {
        return event.getLevel();
    }

    @Override
    public String getMessage() {
        return event.getMessage();
    }

    @Override
    public Object[] getArgumentArray() {
        return event.getArgumentArray();
    }

    @Override
    public String getFormattedMessage() {
        return event.getFormattedMessage();
    }

    @Override
    public String getLoggerName() {
        return event.getLoggerName();
    }

    @Override
    public LoggerContextVO getLoggerContextVO() {
        return event.getLoggerContextVO();
    }

    @Override
    public IThrowableProxy getThrowableProxy() {
        return event.getThrowableProxy();
    }

    @Override
    public StackTraceElement[] getCallerData() {
        return event.getCallerData();
    }

    @Override
    public boolean hasCallerData() {
        return event.hasCallerData();
    }

    @Override
    public List<Marker> getMarkerList() {
        return event.getMarkerList();
    }

    @Override
    public Map<String, String> getMDCPropertyMap() {
        return event.getMDCPropertyMap();
    }

    @Override
    @SuppressWarnings("deprecation")
    public Map<String, String> getMdc() {
        return event.getMdc();
    }

    @Override
    public long getTimeStamp() {
        return event.getTimeStamp();
    }

    @Override
    public int getNanoseconds() {
        return event.getNanoseconds();
    }

    @Override
    public Instant getInstant() {
        return event.getInstant();
    }

    @Override
    public long getSequenceNumber() {
        return event.getSequenceNumber();
    }

    @Override
    public void prepareForDeferredProcessing() {
        event.prepareForDeferredProcessing();
    }
}

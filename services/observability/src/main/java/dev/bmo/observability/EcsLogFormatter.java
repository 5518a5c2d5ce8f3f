package dev.bmo.observability;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.lang.reflect.Constructor;
import java.nio.charset.Charset;
import org.slf4j.event.KeyValuePair;
import org.springframework.boot.logging.StackTracePrinter;
import org.springframework.boot.logging.structured.ContextPairs;
import org.springframework.boot.logging.structured.StructuredLogFormatter;
import org.springframework.boot.logging.structured.StructuredLoggingJsonMembersCustomizer;
import org.springframework.core.env.Environment;

/**
 * Spring Boot's own ECS formatter, its lines turned into bytes through a String. Boot 4.0 encodes each line
 * through an unbuffered {@code OutputStreamWriter} (spring-boot#49428, changed in 4.1), which made the
 * resizer's access line cost more CPU than the cache hit it describes; {@code format} writes to a
 * StringBuilder. The fields are Boot's, untouched. Drop this class with Boot 4.1
 * ({@code logging.structured.format.console=ecs} again).
 *
 * <p>The access log's lines, one per request, are written by {@link AccessLineFormatter} instead: the same JSON
 * with a fraction of the garbage. It also adds {@code labels.commit} to each line's own pairs ({@link CommitLabelledEvent} says why).
 *
 * <p>Boot's formatter is package-private, so it is made by reflection once, with the arguments Boot gives
 * a custom formatter; a Boot that changes it fails at start-up, loudly, in every test.
 */
public class EcsLogFormatter implements StructuredLogFormatter<ILoggingEvent> {

    private static final String BOOT_ECS = "org.springframework.boot.logging.logback.ElasticCommonSchemaStructuredLogFormatter";

    private final StructuredLogFormatter<ILoggingEvent> ecs;
    private final KeyValuePair commit;
    private final AccessLineFormatter accessLines;

    @SuppressWarnings("unchecked")
    public EcsLogFormatter(Environment environment, StackTracePrinter stackTracePrinter, ContextPairs contextPairs,
                           ThrowableProxyConverter throwableProxyConverter,
                           StructuredLoggingJsonMembersCustomizer.Builder<?> customizerBuilder) {
        this.commit = new KeyValuePair(CommitLabelledEvent.KEY,
                environment.getProperty(BuildFacts.COMMIT_PROPERTY, "unknown"));
        this.accessLines = new AccessLineFormatter(environment, AccessLogFilter.LOGGER);
        try {
            Constructor<?> constructor = Class.forName(BOOT_ECS).getDeclaredConstructor(Environment.class,
                    StackTracePrinter.class, ContextPairs.class, ThrowableProxyConverter.class,
                    StructuredLoggingJsonMembersCustomizer.Builder.class);
            constructor.setAccessible(true);
            this.ecs = (StructuredLogFormatter<ILoggingEvent>) constructor.newInstance(environment, stackTracePrinter,
                    contextPairs, throwableProxyConverter, customizerBuilder);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("Spring Boot's ECS log formatter (" + BOOT_ECS + ") is not what "
                    + EcsLogFormatter.class.getName() + " expects: with Boot 4.1 or later, use"
                    + " logging.structured.format.console=ecs and delete this class", e);
        }
    }

    @Override
    public String format(ILoggingEvent event) {
        ILoggingEvent labelled = new CommitLabelledEvent(event, commit);
        String line = accessLines.format(labelled);
        if (line != null) {
            return line;
        }
        try {
            return ecs.format(labelled);
        } catch (IllegalStateException clash) {
            // "The name 'host' has already been written": a pair named like a member every line has (host.ip
            // beside host.name). Logback would drop the line; it is written with its pairs under labels instead.
            return ecs.format(new CommitLabelledEvent(event, commit, true));
        }
    }

    /** The line as Boot's own formatter writes it (for the test that holds {@link AccessLineFormatter} to it). */
    String formatWithBoot(ILoggingEvent event) {
        return ecs.format(new CommitLabelledEvent(event, commit));
    }

    @Override
    public byte[] formatAsBytes(ILoggingEvent event, Charset charset) {
        return format(event).getBytes(charset);
    }
}

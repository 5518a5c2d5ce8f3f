package dev.bmo.observability;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Writes the log through logback's {@link AsyncAppender}: request threads hand their line (the access log's
 * one per request) to a queue and go on, and one thread encodes and writes, instead of every request thread
 * taking the console's lock for its own write (at thousands of requests a second, that lock was the resizer's
 * cache-hit tail). Nothing is dropped: no discarding threshold, and a full queue makes the writer wait rather
 * than lose a line; the queue is flushed when the application stops.
 * <p>
 * Spring Boot sets logging up before this runs (and again for every application a JVM starts): the console
 * appender it made is wrapped once. {@code BMO_LOG_ASYNC=off} leaves it as it is (BMO itself: its shell's
 * own output must stay in order with the log's).
 */
public class AsyncConsoleLog implements ApplicationListener<ApplicationPreparedEvent> {

    static final String NAME = "ASYNC_CONSOLE";
    static final int QUEUE = 16_384;

    @Override
    public void onApplicationEvent(ApplicationPreparedEvent event) {
        if ("off".equals(event.getApplicationContext().getEnvironment().getProperty("BMO_LOG_ASYNC", "on"))
                || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Appender<ILoggingEvent> console = root.getAppender("CONSOLE");
        if (console == null || root.getAppender(NAME) != null) {
            return;
        }
        AsyncAppender async = new AsyncAppender();
        async.setContext(context);
        async.setName(NAME);
        async.setQueueSize(QUEUE);
        async.setDiscardingThreshold(0);
        async.setNeverBlock(false);
        async.setMaxFlushTime(5_000);
        async.addAppender(console);
        async.start();
        root.addAppender(async);
        root.detachAppender(console);
    }
}

package dev.bmo.bot.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Every line logged under {@code dev.bmo} while it is open, as logback hands it to its appenders (level,
 * thread, MDC): a real {@link ListAppender} on the real logger, at INFO whatever the configuration said.
 */
public final class CapturedLog implements AutoCloseable {

    private final Logger logger = (Logger) LoggerFactory.getLogger("dev.bmo");
    private final Level level = logger.getLevel();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    /** Levels set on loggers below dev.bmo (the shell sets dev.bmo.bot.deploy to WARN), lifted while open. */
    private final Map<Logger, Level> lifted = new LinkedHashMap<>();

    public CapturedLog() {
        appender.setContext(logger.getLoggerContext());
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(Level.INFO);
        for (Logger below : logger.getLoggerContext().getLoggerList()) {
            if (below.getName().startsWith("dev.bmo.") && below.getLevel() != null
                    && below.getLevel().isGreaterOrEqual(Level.WARN)) {
                lifted.put(below, below.getLevel());
                below.setLevel(null);
            }
        }
    }

    public List<ILoggingEvent> lines() {
        synchronized (appender) {
            return List.copyOf(appender.list);
        }
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
        logger.setLevel(level);
        lifted.forEach(Logger::setLevel);
    }
}

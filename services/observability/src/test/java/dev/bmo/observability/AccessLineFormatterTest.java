package dev.bmo.observability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The access log's own writer ({@link AccessLineFormatter}) gives the same JSON as Boot's ECS formatter, for the
 * lines the access log writes; any other line is Boot's. The formatter is the one the running application logs
 * with (its console encoder's).
 */
@SpringBootTest(classes = ObservedTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"BMO_ENV=test-env", "BMO_HOST=test-host-1", "BMO_VERSION=9.9.9", "spring.application.name=bmo-observed"})
class AccessLineFormatterTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    Environment environment;

    @Test
    void accessLinesAreWhatBootWouldWrite() throws Exception {
        EcsLogFormatter formatter = runningFormatter();
        LoggingEvent event = accessEvent();
        event.addKeyValuePair(new KeyValuePair("url.query", "w=300&sig=-"));
        event.addKeyValuePair(new KeyValuePair("labels.cache", "hit"));

        // the access log's writer takes this line (it is not Boot's answer compared with itself)
        assertThat(new AccessLineFormatter(environment, AccessLogFilter.LOGGER).format(event)).isNotNull();
        String ours = formatter.format(event);
        String boots = formatter.formatWithBoot(event);
        assertThat(ours).endsWith("\n").doesNotContain("\n\n");
        assertThat(boots).endsWith("\n");
        JsonNode line = JSON.readTree(ours);
        assertThat(line).isEqualTo(JSON.readTree(boots));
        // the same members in the same order, not only the same tree
        assertThat(line.propertyNames()).containsExactlyElementsOf(JSON.readTree(boots).propertyNames());
        assertThat(line.at("/labels/cache").asString()).isEqualTo("hit");
        assertThat(line.at("/labels/commit").asString()).isNotBlank();
        assertThat(line.at("/http/response/status_code").asInt()).isEqualTo(200);
        assertThat(line.at("/message").asString()).isEqualTo("GET /v1/images/x \"quoted\" \\ \t 200");
    }

    @Test
    void otherLinesAreLeftToBoot() throws Exception {
        EcsLogFormatter formatter = runningFormatter();
        AccessLineFormatter access = new AccessLineFormatter(environment, AccessLogFilter.LOGGER);
        LoggingEvent other = accessEvent();
        other.setLoggerName("dev.bmo.somewhere.else");
        assertThat(access.format(other)).isNull();
        LoggingEvent clash = accessEvent();
        clash.addKeyValuePair(new KeyValuePair("event.dataset.more", "x")); // a leaf used as an object
        assertThat(access.format(clash)).isNull();
        LoggingEvent oddValue = accessEvent();
        oddValue.addKeyValuePair(new KeyValuePair("labels.when", java.time.Duration.ofSeconds(1)));
        assertThat(access.format(oddValue)).isNull();
        // and what Boot writes for it is what the application writes
        assertThat(formatter.format(oddValue)).isEqualTo(formatter.formatWithBoot(oddValue));
    }

    private static LoggingEvent accessEvent() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        LoggingEvent event = new LoggingEvent(AccessLineFormatterTest.class.getName(),
                context.getLogger(AccessLogFilter.LOGGER), Level.INFO, "GET /v1/images/x \"quoted\" \\ \t 200",
                null, null);
        event.setThreadName("http-nio-8080-exec-1");
        Map<String, String> mdc = new LinkedHashMap<>();
        mdc.put("trace.id", "4bf92f3577b34da6a3ce929d0e0e4736");
        mdc.put("span.id", "00f067aa0ba902b7");
        event.setMDCPropertyMap(mdc);
        event.addKeyValuePair(new KeyValuePair("event.dataset", "bmo-observed.access"));
        event.addKeyValuePair(new KeyValuePair("http.request.method", "GET"));
        event.addKeyValuePair(new KeyValuePair("url.path", "/v1/images/x"));
        event.addKeyValuePair(new KeyValuePair("http.response.status_code", 200));
        event.addKeyValuePair(new KeyValuePair("http.response.body.bytes", 12_345L));
        event.addKeyValuePair(new KeyValuePair("event.duration", 314_350_035L));
        return event;
    }

    /** The formatter of the console encoder the application logs through (behind the async appender). */
    @SuppressWarnings("unchecked")
    private static EcsLogFormatter runningFormatter() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        AsyncAppender async = (AsyncAppender) root.getAppender(AsyncConsoleLog.NAME);
        OutputStreamAppender<ILoggingEvent> console = (OutputStreamAppender<ILoggingEvent>) async.getAppender("CONSOLE");
        Object encoder = console.getEncoder();
        Field field = encoder.getClass().getDeclaredField("formatter");
        field.setAccessible(true);
        return (EcsLogFormatter) field.get(encoder);
    }
}

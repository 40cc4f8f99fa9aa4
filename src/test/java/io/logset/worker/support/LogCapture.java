package io.logset.worker.support;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Collects every log event of the running JVM while open, with its formatted message, MDC and any
 * exception text, so tests can check what reached the log.
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    /** One captured event. */
    public record Line(String level, String message, Map<String, String> mdc, String throwable) {

        /** Everything a log line could show: message, MDC values and exception text. */
        public String fullText() {
            return message + " " + mdc + " " + (throwable == null ? "" : throwable);
        }
    }

    private final ConcurrentLinkedQueue<Line> lines = new ConcurrentLinkedQueue<>();

    private LogCapture() {
    }

    public static LogCapture open() {
        LogCapture capture = new LogCapture();
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        capture.setContext(context);
        capture.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(capture);
        return capture;
    }

    @Override
    protected void append(ILoggingEvent event) {
        String throwable = null;
        if (event.getThrowableProxy() != null) {
            throwable = event.getThrowableProxy().getClassName() + ": " + event.getThrowableProxy().getMessage();
        }
        lines.add(new Line(event.getLevel().toString(), event.getFormattedMessage(), Map.copyOf(event.getMDCPropertyMap()),
                throwable));
    }

    public List<Line> lines() {
        return List.copyOf(lines);
    }

    /** Lines whose message contains {@code text}. */
    public List<Line> containing(String text) {
        return lines.stream().filter(line -> line.message().contains(text)).toList();
    }

    /** Returns all captured text, for checks that a secret never appears. */
    public String allText() {
        StringBuilder text = new StringBuilder();
        lines.forEach(line -> text.append(line.fullText()).append('\n'));
        return text.toString();
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(this);
        stop();
    }
}

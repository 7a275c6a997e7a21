package dev.realtime.testing;

import java.text.MessageFormat;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import dev.realtime.observe.LogContext;

/**
 * Captures log records on the root logger, each with the session of the thread that logged it (read in
 * {@code publish}, which runs on the logging thread). Install for a test class, close afterwards.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    /**
     * One captured record.
     *
     * @param level   its level
     * @param logger  the logger's name
     * @param message the formatted message
     * @param session the session of the thread that logged it
     */
    public record Line(Level level, String logger, String message, Optional<String> session) {
    }

    private final List<Line> lines = new CopyOnWriteArrayList<>();

    private LogCapture() {
        setLevel(Level.ALL);
    }

    /** @return a capture added to the root logger */
    public static LogCapture install() {
        LogCapture capture = new LogCapture();
        Logger.getLogger("").addHandler(capture);
        return capture;
    }

    @Override
    public void publish(LogRecord record) {
        String message = record.getMessage();
        if (record.getParameters() != null && record.getParameters().length > 0) {
            message = MessageFormat.format(message, record.getParameters());
        }
        lines.add(new Line(record.getLevel(), String.valueOf(record.getLoggerName()), message,
                           LogContext.session()));
    }

    /** @return WARNING (and worse) lines written for the session whose message contains every part */
    public List<Line> warnings(String session, String... parts) {
        return lines.stream()
                .filter(l -> l.level().intValue() >= Level.WARNING.intValue())
                .filter(l -> l.session().filter(session::equals).isPresent())
                .filter(l -> Arrays.stream(parts).allMatch(l.message()::contains))
                .toList();
    }

    /** @return every line captured so far */
    public List<Line> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
    }
}

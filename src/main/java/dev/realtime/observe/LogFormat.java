package dev.realtime.observe;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The engine's log line: text ({@code time LEVEL logger [session]: message}) or, with {@code LOG_FORMAT=json}, one
 * JSON object per line with the same fields, for log shippers. The session id comes from {@link LogContext}.
 * Formatting runs on the logging thread.
 */
public final class LogFormat extends Formatter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());
    private final boolean json;

    private LogFormat(boolean json) {
        this.json = json;
    }

    /**
     * Puts this format on the root logger's handlers (a console handler when there is none).
     *
     * @param format {@code json} or {@code text}
     */
    public static void install(String format) {
        Logger root = Logger.getLogger("");
        Handler[] handlers = root.getHandlers();
        if (handlers.length == 0) {
            Handler console = new ConsoleHandler();
            root.addHandler(console);
            handlers = new Handler[] {console};
        }
        for (Handler handler : handlers) {
            installOn(handler, format);
        }
    }

    /** Puts this format on one handler. */
    static void installOn(Handler handler, String format) {
        handler.setFormatter(new LogFormat("json".equalsIgnoreCase(format)));
    }

    @Override
    public String format(LogRecord record) {
        String message = formatMessage(record);
        String session = LogContext.session().orElse("");
        if (json) {
            ObjectNode line = JSON.createObjectNode()
                    .put("time", Instant.ofEpochMilli(record.getMillis()).toString())
                    .put("level", record.getLevel().getName())
                    .put("logger", record.getLoggerName())
                    .put("message", message);
            if (!session.isEmpty()) {
                line.put("session", session);
            }
            if (record.getThrown() != null) {
                line.put("error", stack(record.getThrown()));
            }
            return line + System.lineSeparator();
        }
        return TIME.format(Instant.ofEpochMilli(record.getMillis())) + " " + record.getLevel().getName() + " "
                + record.getLoggerName() + (session.isEmpty() ? "" : " [" + session + "]") + ": " + message
                + (record.getThrown() == null ? "" : System.lineSeparator() + stack(record.getThrown()))
                + System.lineSeparator();
    }

    private static String stack(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString().stripTrailing();
    }
}

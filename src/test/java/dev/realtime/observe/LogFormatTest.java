package dev.realtime.observe;

import java.util.concurrent.CompletableFuture;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

class LogFormatTest {
    private static String formatOnSessionThread(String format, LogRecord record) throws Exception {
        CompletableFuture<String> line = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            LogContext.session("sess_abc");
            // a thread the session starts (a response run) inherits the id
            Thread.ofVirtual().start(() -> {
                line.complete(formatter(format).format(record));
            });
        });
        return line.get();
    }

    private static Formatter formatter(String format) {
        Handler h = new StreamHandler();
        Logger logger = Logger.getAnonymousLogger();
        logger.setUseParentHandlers(false);
        logger.addHandler(h);
        LogFormat.installOn(h, format);
        return h.getFormatter();
    }

    @Test
    void jsonLinesCarryTheSessionOfTheThread() throws Exception {
        LogRecord record = new LogRecord(Level.INFO, "turn item_1 completed");
        record.setLoggerName("dev.realtime.session.TurnTiming");
        JsonNode line = new ObjectMapper().readTree(formatOnSessionThread("json", record));
        assertThat(line.path("session").asText(), is("sess_abc"));
        assertThat(line.path("level").asText(), is("INFO"));
        assertThat(line.path("message").asText(), is("turn item_1 completed"));
        assertThat(line.path("logger").asText(), is("dev.realtime.session.TurnTiming"));
    }

    @Test
    void textLinesNameTheSessionToo() throws Exception {
        LogRecord record = new LogRecord(Level.WARNING, "speech failed");
        record.setLoggerName("dev.realtime.session.run.Speaker");
        String line = formatOnSessionThread("text", record);
        assertThat(line, containsString("WARNING dev.realtime.session.run.Speaker [sess_abc]: speech failed"));
        assertThat(formatter("text").format(record).contains("[sess_"), is(false));
    }
}

package dev.realtime.session;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.realtime.stt.SttEvent;
import dev.realtime.stt.SttStream;

/**
 * The pull loop of one session's transcription stream: takes results on its own virtual thread and hands them to
 * the session loop's inbox. Stops when the stream is closed.
 */
final class SttPump {
    private static final Logger LOGGER = Logger.getLogger(SttPump.class.getName());
    private static final Duration POLL = Duration.ofMillis(500);

    private final SttStream stream;
    private final Consumer<SessionMessage> inbox;
    private volatile boolean running = true;

    private SttPump(SttStream stream, Consumer<SessionMessage> inbox) {
        this.stream = stream;
        this.inbox = inbox;
    }

    /** Starts pulling; called on the session loop. */
    static SttPump start(String sessionId, SttStream stream, Consumer<SessionMessage> inbox) {
        SttPump pump = new SttPump(stream, inbox);
        Thread.ofVirtual().name("stt-" + sessionId).start(pump::run);
        return pump;
    }

    /** Stops pulling and closes the stream. Any thread. */
    void stop() {
        running = false;
        stream.close();
    }

    private void run() {
        try {
            while (running) {
                Optional<SttEvent> event = stream.poll(POLL);
                event.ifPresent(e -> inbox.accept(new SessionMessage.Stt(e)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "transcription stream failed", e);
        }
    }
}

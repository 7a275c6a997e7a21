package dev.realtime.session;

import java.util.Optional;
import java.util.function.Consumer;

import dev.realtime.stt.SttEvent;
import dev.realtime.stt.SttException;
import dev.realtime.stt.SttStream;
import dev.realtime.upstream.Causes;
import dev.realtime.upstream.FailureKind;
import dev.realtime.upstream.Fault;

/**
 * The loop of one transcription stream, on its own virtual thread: blocks in {@link SttStream#take()} (no timed
 * poll; a streaming engine does its work inside that call) and hands each result to the session's inbox. When the
 * stream dies (take throws, or ends by itself) the loop tells the session with {@link SessionMessage.SttDied} as its
 * last act; it never just logs and exits. After {@link #stop()} nothing more is posted.
 */
final class SttLoop {
    private final SttStream stream;
    private final Consumer<SessionMessage> inbox;
    private volatile boolean stopped;

    private SttLoop(SttStream stream, Consumer<SessionMessage> inbox) {
        this.stream = stream;
        this.inbox = inbox;
    }

    /**
     * Starts taking results. Called on the session loop; the loop thread inherits its log context.
     *
     * @param sessionId for the thread's name
     * @param stream    the open stream, owned by the loop from now on
     * @param inbox     the session's inbox
     * @return the running loop
     */
    static SttLoop start(String sessionId, SttStream stream, Consumer<SessionMessage> inbox) {
        SttLoop loop = new SttLoop(stream, inbox);
        Thread.ofVirtual().name("stt-" + sessionId).start(loop::run);
        return loop;
    }

    /** The stream this loop takes from; the session loop feeds it. */
    SttStream stream() {
        return stream;
    }

    /** Closes the stream, which ends the loop's blocking take; nothing more is posted. Any thread; idempotent. */
    void stop() {
        stopped = true;
        stream.close();
    }

    private void run() {
        Fault fault;
        try {
            Optional<SttEvent> event;
            while ((event = stream.take()).isPresent()) {
                inbox.accept(new SessionMessage.Stt(this, event.get()));
            }
            fault = Fault.of(FailureKind.STREAM_BROKEN, "the transcription stream ended");
        } catch (InterruptedException e) {
            fault = Fault.of(FailureKind.STREAM_BROKEN, "the transcription stream was interrupted");
        } catch (SttException e) {
            fault = e.fault().orElseGet(() -> Fault.of(FailureKind.STREAM_BROKEN, Causes.describe(e)));
        } catch (RuntimeException e) {
            fault = Fault.of(FailureKind.STREAM_BROKEN, Causes.describe(e));
        }
        if (!stopped) {
            inbox.accept(new SessionMessage.SttDied(this, fault));
        }
    }
}

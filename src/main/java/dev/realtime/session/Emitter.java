package dev.realtime.session;

import dev.realtime.protocol.ErrorInfo;
import dev.realtime.protocol.EventCodec;
import dev.realtime.protocol.Ids;
import dev.realtime.protocol.ServerEvent;

/**
 * Encodes server events in the connection's dialect and queues them on the outbox; the engine's own events go
 * only to a connection that asked for them. Used on the session loop only.
 */
final class Emitter {
    private final EventCodec codec;
    private final Outbox outbox;
    private final boolean timings;

    /**
     * @param timings whether the connection asked for the engine's stage times ({@code ?timings=true})
     */
    Emitter(EventCodec codec, Outbox outbox, boolean timings) {
        this.codec = codec;
        this.outbox = outbox;
        this.timings = timings;
    }

    void emit(ServerEvent event) {
        codec.encodeUtf8(event, Ids.event()).ifPresent(outbox::send);
    }

    /** Sends a turn's stage times, if the connection asked for them; a strict OpenAI client never sees them. */
    void timings(ServerEvent.Timings event) {
        if (timings) {
            emit(event);
        }
    }

    void error(ErrorInfo error) {
        emit(new ServerEvent.Error(error));
    }

    /** Closes the socket after the events already queued. */
    void close(int code, String reason) {
        outbox.close(code, reason);
    }
}

package dev.realtime.session;

import dev.realtime.protocol.ErrorInfo;
import dev.realtime.protocol.EventCodec;
import dev.realtime.protocol.Ids;
import dev.realtime.protocol.ServerEvent;

/**
 * Encodes server events in the connection's dialect and queues them on the outbox. Used on the session loop only.
 */
final class Emitter {
    private final EventCodec codec;
    private final Outbox outbox;

    Emitter(EventCodec codec, Outbox outbox) {
        this.codec = codec;
        this.outbox = outbox;
    }

    void emit(ServerEvent event) {
        codec.encodeUtf8(event, Ids.event()).ifPresent(outbox::send);
    }

    void error(ErrorInfo error) {
        emit(new ServerEvent.Error(error));
    }

    /** Closes the socket after the events already queued. */
    void close(int code, String reason) {
        outbox.close(code, reason);
    }
}

package dev.realtime.session;

import dev.realtime.protocol.EventCodec;
import dev.realtime.protocol.Ids;
import dev.realtime.protocol.ServerEvent;

/**
 * A client socket's output: each event encoded in the connection's dialect and queued on its outbox. Session loop,
 * except {@link #gone}.
 */
record SocketOutput(EventCodec codec, Outbox outbox) implements SessionOutput {
    @Override
    public void event(ServerEvent event) {
        codec.encodeUtf8(event, Ids.event()).ifPresent(outbox::send);
    }

    @Override
    public void close(int code, String reason) {
        outbox.close(code, reason);
    }

    @Override
    public void gone() {
        outbox.socketClosed();
    }
}

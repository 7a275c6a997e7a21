package dev.realtime.socket;

import io.helidon.websocket.WsListener;

/**
 * A WebSocket listener served by the engine's own connection ({@link ClientConnection}) rather than Helidon's: its
 * routes get bounded, linear-time frame handling and exactly one end callback. Every listener callback runs on the
 * connection's virtual thread. The {@link io.helidon.websocket.WsSession} handed to it is a {@link ClientSocket}.
 *
 * <p>The end callback, called once on every way the connection ends after {@link #onHttpUpgrade} accepted it (even
 * when the {@code 101} could not be written, and then without {@link #onOpen}): {@link #onClose} when the client
 * closed first, {@link #onError} with a {@link ConnectionEnded} otherwise.
 */
public interface EndpointListener extends WsListener {
    /**
     * The limits of this connection. Called once, on the connection's thread, just before {@link #onHttpUpgrade}.
     *
     * @return the limits
     */
    SocketLimits limits();
}

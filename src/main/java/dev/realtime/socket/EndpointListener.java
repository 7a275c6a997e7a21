package dev.realtime.socket;

import java.nio.charset.StandardCharsets;

import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;

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

    /**
     * A complete text message whose bytes are all ASCII, handed over as those bytes: ASCII is valid UTF-8 with one
     * character per byte, so the connection checked it without decoding it, and a listener that reads bytes (a
     * byte-based JSON parser) need not build a String. Every other text message arrives, decoded, at
     * {@link #onMessage(WsSession, String, boolean)}. Called on the connection's thread; the default decodes the
     * bytes and calls {@code onMessage}.
     *
     * @param session the connection
     * @param message the message's bytes, the listener's from now on
     */
    default void onAsciiMessage(WsSession session, byte[] message) {
        onMessage(session, new String(message, StandardCharsets.US_ASCII), true);
    }
}

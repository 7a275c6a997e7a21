package dev.realtime.socket;

import java.time.Duration;

import io.helidon.websocket.WsSession;

/**
 * The server side of one client WebSocket, as its {@link EndpointListener} sees it. Sends are thread-safe (one
 * lock) and become no-ops once a close frame was sent; a send that fails aborts the connection.
 */
public interface ClientSocket extends WsSession {
    /**
     * Closes the TCP connection now, without a close handshake (a client that does not read cannot receive one).
     * The end callback follows on the connection's thread with a {@link ConnectionEnded} of this reason. Any thread;
     * never blocks.
     *
     * @param reason  why
     * @param message what happened
     */
    void abort(CloseReason reason, String message);

    /**
     * Sends a whole text message given as UTF-8, as {@link #send(String, boolean)} does without encoding a string
     * (the caller vouches for the bytes being UTF-8). Any thread.
     *
     * @param utf8 the message, not changed afterwards
     */
    void sendText(byte[] utf8);

    /**
     * How long since the last frame arrived from the client (any frame shows it is alive). Any thread.
     *
     * @return the time since the last frame, or since the upgrade
     */
    Duration silence();
}

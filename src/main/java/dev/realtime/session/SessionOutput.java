package dev.realtime.session;

import dev.realtime.protocol.ServerEvent;

/**
 * Where a session's server events go: a client's WebSocket (encoded in its dialect, through its outbox) or a phone
 * call's bridge, which turns them into the call's media. {@link #event} and {@link #close} are called on the
 * session loop; {@link #gone} on whichever thread saw the transport end.
 */
public interface SessionOutput {
    /**
     * One server event, in order. Must not block for long: it runs on the session loop.
     *
     * @param event the event
     */
    void event(ServerEvent event);

    /**
     * The server ends the session: what was already sent goes out, then the transport closes.
     *
     * @param code   a WebSocket close code (1000 normal, 1001 going away, 1011 server failure)
     * @param reason why, for the peer and the log
     */
    void close(int code, String reason);

    /** The transport has ended by itself: nothing more can be sent. Idempotent. */
    void gone();
}

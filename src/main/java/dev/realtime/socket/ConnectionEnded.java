package dev.realtime.socket;

import io.helidon.websocket.WsCloseCodes;

/**
 * How a connection ended when the client did not close it first: the reason, the close code the server sent
 * (1006 when none could be), and a message. Passed to {@link io.helidon.websocket.WsListener#onError}; also thrown
 * inside the read loop to end it.
 */
public final class ConnectionEnded extends RuntimeException {
    /** The code reported when no close frame was exchanged (RFC 6455 section 7.1.5). */
    public static final int ABNORMAL = WsCloseCodes.CLOSED_ABNORMALLY;

    private final CloseReason reason;
    private final int code;

    /**
     * A connection end.
     *
     * @param reason  why
     * @param code    the close code sent, or {@link #ABNORMAL}
     * @param message what happened, for logs and the close frame's reason
     */
    public ConnectionEnded(CloseReason reason, int code, String message) {
        super(message, null, false, false);
        this.reason = reason;
        this.code = code;
    }

    /**
     * A connection end caused by a failure.
     *
     * @param reason  why
     * @param code    the close code sent, or {@link #ABNORMAL}
     * @param message what happened
     * @param cause   the failure
     */
    public ConnectionEnded(CloseReason reason, int code, String message, Throwable cause) {
        super(message, cause, false, false);
        this.reason = reason;
        this.code = code;
    }

    /** Why the connection ended. */
    public CloseReason reason() {
        return reason;
    }

    /** The close code. */
    public int code() {
        return code;
    }
}

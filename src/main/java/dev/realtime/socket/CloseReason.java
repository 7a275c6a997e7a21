package dev.realtime.socket;

/**
 * Why a client connection ended, as counted in {@code realtime_ws_closed_total{reason}} and logged once per
 * session. A closed family: each way a connection can end maps to exactly one of these.
 */
public enum CloseReason {
    /** The client sent a close frame first. */
    CLIENT("client"),
    /** The TCP connection ended without a close frame (FIN, RST, read or write failure, unanswered pings). */
    DROPPED("dropped"),
    /** The client stopped reading: a send blocked past the write timeout, or the send queue overflowed. */
    STALLED("stalled"),
    /** A message over the size limit (1009). */
    OVERSIZE("oversize"),
    /** A text message that is not valid UTF-8 (1007). */
    INVALID_UTF8("invalid_utf8"),
    /** A frame that breaks RFC 6455 (1002). */
    PROTOCOL("protocol"),
    /** No client event or frame for the idle limit. */
    IDLE("idle"),
    /** The server ended it: call duration, drain, shutdown, an internal failure. */
    SERVER("server");

    private final String label;

    CloseReason(String label) {
        this.label = label;
    }

    /** The metric label and log word. */
    public String label() {
        return label;
    }
}

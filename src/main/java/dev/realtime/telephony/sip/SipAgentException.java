package dev.realtime.telephony.sip;

/** The SIP user agent cannot do what was asked: start its listener, find an RTP port, send a message. */
public final class SipAgentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed
     */
    public SipAgentException(String message) {
        super(message);
    }

    /**
     * @param message what failed
     * @param cause   the stack's or the socket's error
     */
    public SipAgentException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.realtime.socket;

import java.time.Duration;

/**
 * What one client connection may cost.
 *
 * @param maxMessageBytes largest message, all fragments together; a larger one is refused with 1009 before its
 *                        payload is read
 * @param writeTimeout    longest one send may block (the client is not reading) before the socket is aborted
 * @param closeWait       after the server sends a close frame, how long it waits for the client's before it closes
 * @param drainBytes      after a 1009, how many bytes of the client's message are read and discarded (so the close
 *                        frame is not lost to a TCP reset) before the socket is closed
 */
public record SocketLimits(int maxMessageBytes, Duration writeTimeout, Duration closeWait, long drainBytes) {
    /** How long the server waits for the client's close frame. */
    public static final Duration CLOSE_WAIT = Duration.ofSeconds(3);
    private static final long DRAIN_MARGIN = 16L * 1024 * 1024;

    /**
     * Limits with the standard close wait and a drain budget of one largest protocol message (16 MiB) past the
     * limit.
     *
     * @param maxMessageBytes largest message
     * @param writeTimeout    longest blocked send
     * @return the limits
     */
    public static SocketLimits of(int maxMessageBytes, Duration writeTimeout) {
        return new SocketLimits(maxMessageBytes, writeTimeout, CLOSE_WAIT, maxMessageBytes + DRAIN_MARGIN);
    }
}

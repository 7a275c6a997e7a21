package dev.realtime.stt.deepgram;

import java.io.Serial;

/**
 * Deepgram could not be reached, refused the connection, or a frame could not be sent. Thrown and caught on the
 * stream's worker thread; it becomes a {@code Failed} event for the turn, never leaves the stream.
 */
final class UpstreamFailure extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String code;

    UpstreamFailure(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** @return the {@code Failed} code: {@code rate_limit_exceeded}, {@code upstream_timeout} or {@code upstream_error} */
    String code() {
        return code;
    }
}

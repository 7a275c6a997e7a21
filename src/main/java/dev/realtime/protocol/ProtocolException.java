package dev.realtime.protocol;

import java.util.Optional;

/**
 * A client event that cannot be accepted. Becomes an OpenAI-shaped {@code error} event at the session boundary;
 * the session goes on.
 */
public final class ProtocolException extends RuntimeException {
    private final ErrorInfo error;

    private ProtocolException(ErrorInfo error) {
        super(error.message());
        this.error = error;
    }

    /**
     * An {@code invalid_request_error} with a code, message and the offending parameter path.
     *
     * @param code    OpenAI error code, such as {@code invalid_value}
     * @param message human-readable message
     * @param param   parameter path, such as {@code session.audio.input.format}, or empty
     * @return the exception
     */
    public static ProtocolException invalid(String code, String message, Optional<String> param) {
        return new ProtocolException(ErrorInfo.invalidRequest(code, message, param));
    }

    /** Same as {@link #invalid(String, String, Optional)} with a parameter path. */
    public static ProtocolException invalid(String code, String message, String param) {
        return invalid(code, message, Optional.of(param));
    }

    /** Same as {@link #invalid(String, String, Optional)} without a parameter path. */
    public static ProtocolException invalid(String code, String message) {
        return invalid(code, message, Optional.empty());
    }

    /**
     * This error, stamped with the client event id it answers.
     *
     * @param eventId client {@code event_id}, if the event had one
     * @return the error to send
     */
    public ErrorInfo error(Optional<String> eventId) {
        return eventId.isPresent() ? error.withEventId(eventId) : error;
    }

    /**
     * The same failure, answering the given client event.
     *
     * @param eventId client {@code event_id}
     * @return new exception
     */
    public ProtocolException withEventId(Optional<String> eventId) {
        return new ProtocolException(error(eventId));
    }

    /** The error without a client event id. */
    public ErrorInfo error() {
        return error;
    }
}

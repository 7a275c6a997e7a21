package dev.realtime.protocol;

import java.util.Optional;

/**
 * The {@code error} object of an {@code error} event, of a failed response's {@code status_details}, or of a
 * failed transcription.
 *
 * @param type    {@code invalid_request_error}, {@code server_error}...
 * @param code    error code
 * @param message human-readable message
 * @param param   offending parameter path
 * @param eventId client event id this error answers
 */
public record ErrorInfo(String type, Optional<String> code, String message, Optional<String> param,
                        Optional<String> eventId) {

    /** A client-fault error. */
    public static ErrorInfo invalidRequest(String code, String message, Optional<String> param) {
        return new ErrorInfo("invalid_request_error", Optional.of(code), message, param, Optional.empty());
    }

    /** A server-side error, such as an upstream failure. */
    public static ErrorInfo server(String code, String message) {
        return new ErrorInfo("server_error", Optional.of(code), message, Optional.empty(), Optional.empty());
    }

    /** This error with the client event id it answers. */
    public ErrorInfo withEventId(Optional<String> id) {
        return new ErrorInfo(type, code, message, param, id);
    }
}

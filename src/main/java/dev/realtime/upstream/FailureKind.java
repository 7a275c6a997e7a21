package dev.realtime.upstream;

import java.util.Locale;

/**
 * What kind of upstream failure happened: the {@code kind} label of {@code realtime_provider_errors_total} and,
 * prefixed with {@code upstream_}, the {@code code} of the client's {@code error} event. Pure.
 */
public enum FailureKind {
    /** 401, 402, 403: a key or account problem. */
    AUTH_FAILED,
    /** 429. */
    RATE_LIMITED,
    /** Any other 4xx (and a 3xx the engine does not follow). */
    BAD_REQUEST,
    /** 404. */
    NOT_FOUND,
    /** 5xx and 409. */
    SERVER_ERROR,
    /** 408, no answer in time, or silence in the middle of a stream. */
    TIMEOUT,
    /** A body or stream that broke or could not be parsed after it started. */
    STREAM_BROKEN,
    /** Refused, reset or closed before any answer; unknown host; TLS failure. */
    UNREACHABLE;

    /** @return the metric label, e.g. {@code server_error} */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the client's error code, e.g. {@code upstream_server_error} */
    public String errorCode() {
        return "upstream_" + label();
    }

    /**
     * @param status an HTTP status that is not a success
     * @return the kind it stands for
     */
    public static FailureKind forStatus(int status) {
        return switch (status) {
            case 401, 402, 403 -> AUTH_FAILED;
            case 404 -> NOT_FOUND;
            case 408 -> TIMEOUT;
            case 429 -> RATE_LIMITED;
            default -> status >= 500 || status == 409 ? SERVER_ERROR : BAD_REQUEST;
        };
    }
}

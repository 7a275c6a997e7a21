package dev.realtime.upstream;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * What went wrong with one upstream call, in words a client may read: its kind, the HTTP status when there was one,
 * and a detail such as the provider's own message or {@code connection refused}. Never holds a Java class name.
 * Immutable.
 *
 * @param kind   the kind of failure
 * @param status the HTTP status, when the upstream answered with one
 * @param detail what happened, in words
 */
public record Fault(FailureKind kind, OptionalInt status, String detail) {

    public Fault {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
    }

    /**
     * @param kind   the kind
     * @param detail what happened
     * @return a fault without an HTTP status
     */
    public static Fault of(FailureKind kind, String detail) {
        return new Fault(kind, OptionalInt.empty(), detail);
    }

    /**
     * @param status  the HTTP status the upstream answered
     * @param message the message of its error body
     * @return the fault, its kind from the status
     */
    public static Fault status(int status, String message) {
        return new Fault(FailureKind.forStatus(status), OptionalInt.of(status), message);
    }

    /**
     * A call that got no answer: timed out, or could not reach the upstream.
     *
     * @param cause what the client library threw
     * @return a {@link FailureKind#TIMEOUT} or {@link FailureKind#UNREACHABLE} fault described in words
     */
    public static Fault unanswered(Throwable cause) {
        return of(Causes.timedOut(cause) ? FailureKind.TIMEOUT : FailureKind.UNREACHABLE, Causes.describe(cause));
    }

    /**
     * A stream that broke after it started.
     *
     * @param cause what the read threw
     * @return a {@link FailureKind#STREAM_BROKEN} fault ({@link FailureKind#TIMEOUT} for a read timeout)
     */
    public static Fault broken(Throwable cause) {
        return of(Causes.timedOut(cause) ? FailureKind.TIMEOUT : FailureKind.STREAM_BROKEN, Causes.describe(cause));
    }

    /** @return {@code HTTP 500: the message} with a status, else the detail */
    public String text() {
        return status.isPresent() ? "HTTP " + status.getAsInt() + ": " + detail : detail;
    }
}

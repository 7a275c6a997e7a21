package dev.realtime.tts;

import java.util.Objects;
import java.util.Optional;

import dev.realtime.upstream.FailureKind;
import dev.realtime.upstream.Fault;

/**
 * Speech synthesis failed, or was cancelled. A failure carries its {@link Fault} (kind, HTTP status, what happened
 * in words); its message is the fault's text.
 */
public final class TtsException extends RuntimeException {
    private final transient Fault fault;

    /**
     * A failure.
     *
     * @param fault what went wrong
     */
    public TtsException(Fault fault) {
        this(fault, null);
    }

    /**
     * A failure with a cause.
     *
     * @param fault what went wrong
     * @param cause the cause
     */
    public TtsException(Fault fault, Throwable cause) {
        super(Objects.requireNonNull(fault, "fault").text(), cause);
        this.fault = fault;
    }

    /**
     * A failure without an HTTP status.
     *
     * @param kind   what kind of failure
     * @param detail what happened, in words
     */
    public TtsException(FailureKind kind, String detail) {
        this(Fault.of(kind, detail));
    }

    private TtsException() {
        super("speech cancelled");
        this.fault = null;
    }

    /** The exception {@link TtsStream#speak} throws after {@link TtsStream#cancel()}. */
    public static TtsException cancellation() {
        return new TtsException();
    }

    /** Whether this ends a cancelled piece rather than a failure. */
    public boolean cancelled() {
        return fault == null;
    }

    /** What went wrong; empty for a cancellation. */
    public Optional<Fault> fault() {
        return Optional.ofNullable(fault);
    }
}

package dev.realtime.tts;

/**
 * Speech synthesis failed, or was cancelled.
 */
public final class TtsException extends RuntimeException {
    private final boolean cancelled;

    /**
     * A failure.
     *
     * @param message what went wrong
     */
    public TtsException(String message) {
        this(message, null, false);
    }

    /**
     * A failure with a cause.
     *
     * @param message what went wrong
     * @param cause   the cause
     */
    public TtsException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private TtsException(String message, Throwable cause, boolean cancelled) {
        super(message, cause);
        this.cancelled = cancelled;
    }

    /** The exception {@link TtsStream#speak} throws after {@link TtsStream#cancel()}. */
    public static TtsException cancellation() {
        return new TtsException("speech cancelled", null, true);
    }

    /** Whether this ends a cancelled piece rather than a failure. */
    public boolean cancelled() {
        return cancelled;
    }
}

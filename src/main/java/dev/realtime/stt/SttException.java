package dev.realtime.stt;

/**
 * A transcription engine that cannot be used (missing library, bad configuration).
 */
public final class SttException extends RuntimeException {
    /**
     * Creates the exception.
     *
     * @param message what is wrong
     */
    public SttException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message what is wrong
     * @param cause   the cause
     */
    public SttException(String message, Throwable cause) {
        super(message, cause);
    }
}

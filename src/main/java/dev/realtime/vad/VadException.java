package dev.realtime.vad;

import java.io.Serial;

/**
 * A voice activity detector could not be loaded or failed on a frame. Thrown on the thread that called
 * {@link SileroVad#load(java.nio.file.Path)} or {@link VadStream#probability(float[])}.
 */
public final class VadException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, with the fix when there is one
     */
    public VadException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, with the fix when there is one
     * @param cause   underlying failure
     */
    public VadException(String message, Throwable cause) {
        super(message, cause);
    }
}

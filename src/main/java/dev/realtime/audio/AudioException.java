package dev.realtime.audio;

import java.io.Serial;

/**
 * An audio conversion that cannot be set up, such as a resampling ratio too large to filter. Thrown on the
 * thread that asked for the conversion.
 */
public final class AudioException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong
     */
    public AudioException(String message) {
        super(message);
    }
}

package dev.realtime.stt;

import java.util.Optional;

import dev.realtime.upstream.Fault;

/**
 * A transcription engine that cannot be used (missing library, bad configuration), or a stream that died: thrown
 * by {@link SttStream#take()} when the stream will give no more results, with the {@link Fault} that ended it.
 */
public final class SttException extends RuntimeException {
    private final transient Fault fault;

    /**
     * Creates the exception.
     *
     * @param message what is wrong
     */
    public SttException(String message) {
        super(message);
        this.fault = null;
    }

    /**
     * Creates the exception.
     *
     * @param message what is wrong
     * @param cause   the cause
     */
    public SttException(String message, Throwable cause) {
        super(message, cause);
        this.fault = null;
    }

    /**
     * A stream died.
     *
     * @param fault what ended it
     * @param cause the cause, if any
     */
    public SttException(Fault fault, Throwable cause) {
        super(fault.text(), cause);
        this.fault = fault;
    }

    /** @return what ended the stream, when this reports a dead stream */
    public Optional<Fault> fault() {
        return Optional.ofNullable(fault);
    }
}

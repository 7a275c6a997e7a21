package dev.realtime.session;

/** A session could not be opened: the engine is full or draining, or the caller went first. */
public final class SessionRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message why, for the caller and the log
     */
    public SessionRefusedException(String message) {
        super(message);
    }
}

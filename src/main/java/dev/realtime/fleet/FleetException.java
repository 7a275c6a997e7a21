package dev.realtime.fleet;

/** The shared Redis server could not be reached or failed a command. */
public final class FleetException extends RuntimeException {
    /**
     * An exception.
     *
     * @param message what failed, with what to check
     * @param cause   the client's failure
     */
    public FleetException(String message, Throwable cause) {
        super(message, cause);
    }
}

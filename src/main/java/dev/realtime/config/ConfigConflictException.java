package dev.realtime.config;

/** A change to the shared layer kept losing to changes made at the same time on other replicas; nothing changed. */
public final class ConfigConflictException extends RuntimeException {
    /**
     * An exception.
     *
     * @param message what happened, with what to do
     */
    public ConfigConflictException(String message) {
        super(message);
    }
}

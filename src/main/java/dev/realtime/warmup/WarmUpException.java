package dev.realtime.warmup;

/** A warm-up client could not do its part (a call refused or not answered, a phone that cannot start). */
public final class WarmUpException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WarmUpException(String message) {
        super(message);
    }

    WarmUpException(String message, Throwable cause) {
        super(message, cause);
    }
}

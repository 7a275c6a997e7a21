package dev.realtime.auth;

import java.time.Duration;

/**
 * A token lifetime longer than the engine allows ({@code TOKEN_MAX_TTL_SECONDS}). The message names the maximum.
 */
public final class TokenLifetimeException extends RuntimeException {
    private final Duration maximum;

    /**
     * Creates the exception.
     *
     * @param requested the lifetime asked for
     * @param maximum   the longest lifetime allowed
     */
    public TokenLifetimeException(Duration requested, Duration maximum) {
        super("a token may live at most " + maximum.toSeconds() + " seconds (TOKEN_MAX_TTL_SECONDS), not "
                      + requested.toSeconds());
        this.maximum = maximum;
    }

    /** The longest lifetime allowed. */
    public Duration maximum() {
        return maximum;
    }
}

package dev.realtime.protocol;

import java.util.OptionalInt;

/**
 * A maximum number of output tokens, or {@code "inf"}.
 *
 * @param max the limit, empty for no limit
 */
public record TokenLimit(OptionalInt max) {
    /** No limit ({@code "inf"}). */
    public static final TokenLimit INF = new TokenLimit(OptionalInt.empty());

    /** A limit of the given number of tokens. */
    public static TokenLimit of(int tokens) {
        return new TokenLimit(OptionalInt.of(tokens));
    }
}

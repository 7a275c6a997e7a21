package dev.realtime.config;

/**
 * Turn detection of a new session, before the client changes it.
 *
 * @param type              {@code server_vad}, {@code semantic_vad}, or {@code none} (manual turns)
 * @param threshold         speech probability threshold, 0..1
 * @param prefixPaddingMs   audio kept before the detected start of speech
 * @param silenceDurationMs silence that ends a turn
 * @param createResponse    whether a turn's end starts a response
 * @param interruptResponse whether speech interrupts the response being spoken
 */
public record TurnDefaults(String type,
                           double threshold,
                           int prefixPaddingMs,
                           int silenceDurationMs,
                           boolean createResponse,
                           boolean interruptResponse) {
    /** Manual turns. */
    public static final String NONE = "none";
}

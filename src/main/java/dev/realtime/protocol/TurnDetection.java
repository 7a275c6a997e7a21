package dev.realtime.protocol;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * Voice activity turn detection settings of a session ({@code audio.input.turn_detection}).
 *
 * @param type              {@code server_vad} or {@code semantic_vad}
 * @param threshold         speech probability threshold, 0 to 1
 * @param prefixPaddingMs   audio kept before the detected speech start
 * @param silenceDurationMs silence that ends a turn
 * @param idleTimeoutMs     idle time after which {@code timeout_triggered} fires, if set
 * @param createResponse    whether the end of a turn starts a response
 * @param interruptResponse whether speech cancels the active response
 * @param eagerness         semantic VAD eagerness: low, medium, high or auto
 */
public record TurnDetection(String type,
                            double threshold,
                            int prefixPaddingMs,
                            int silenceDurationMs,
                            OptionalInt idleTimeoutMs,
                            boolean createResponse,
                            boolean interruptResponse,
                            Optional<String> eagerness) {

    /** Server VAD type name. */
    public static final String SERVER_VAD = "server_vad";
    /** Semantic VAD type name. */
    public static final String SEMANTIC_VAD = "semantic_vad";

    /** The engine's server VAD defaults (protocol.md §3.4). */
    public static TurnDetection serverVad() {
        return new TurnDetection(SERVER_VAD, 0.5, 300, 500, OptionalInt.empty(), true, true, Optional.empty());
    }

    /** Semantic VAD defaults, eagerness {@code auto}. */
    public static TurnDetection semanticVad() {
        return new TurnDetection(SEMANTIC_VAD, 0.5, 300, 500, OptionalInt.empty(), true, true, Optional.of("auto"));
    }

    /** Whether this is semantic VAD. */
    public boolean semantic() {
        return SEMANTIC_VAD.equals(type);
    }
}

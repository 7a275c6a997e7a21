package dev.realtime.vad;

import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Turn detection settings of one session, as {@link TurnDetector} uses them (mirrors the protocol's
 * {@code turn_detection}; protocol.md §3.4).
 *
 * @param threshold         speech probability that starts a turn, 0 to 1; a turn goes on while the
 *                          probability stays at or above {@code threshold − 0.15}
 * @param prefixPaddingMs   audio kept before the speech onset, reported in {@code audio_start_ms}
 * @param silenceDurationMs silence that ends a turn (server VAD; semantic VAD derives it from eagerness)
 * @param idleTimeoutMs     no-speech time after a turn or response that fires {@link TurnEvent.IdleTimeout}
 * @param semantic          whether the end of a turn also depends on the transcript ({@code semantic_vad})
 * @param eagerness         semantic VAD eagerness: {@code low}, {@code medium}, {@code high} or {@code auto}
 */
public record TurnSettings(double threshold,
                           int prefixPaddingMs,
                           int silenceDurationMs,
                           OptionalInt idleTimeoutMs,
                           boolean semantic,
                           String eagerness) {

    private static final Set<String> EAGERNESS = Set.of("low", "medium", "high", "auto");

    /**
     * Validates the settings.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public TurnSettings {
        Objects.requireNonNull(idleTimeoutMs, "idleTimeoutMs");
        Objects.requireNonNull(eagerness, "eagerness");
        if (!(threshold >= 0.0 && threshold <= 1.0)) {
            throw new IllegalArgumentException("threshold must be between 0 and 1, got " + threshold);
        }
        if (prefixPaddingMs < 0 || silenceDurationMs < 0) {
            throw new IllegalArgumentException("prefix_padding_ms and silence_duration_ms must not be negative");
        }
        if (idleTimeoutMs.isPresent() && idleTimeoutMs.getAsInt() <= 0) {
            throw new IllegalArgumentException("idle_timeout_ms must be positive, got " + idleTimeoutMs.getAsInt());
        }
        if (!EAGERNESS.contains(eagerness)) {
            throw new IllegalArgumentException("eagerness must be low, medium, high or auto, got " + eagerness);
        }
    }

    /**
     * @return server VAD with the engine defaults: threshold 0.5, prefix 300 ms, silence 500 ms, no idle timeout
     */
    public static TurnSettings serverVad() {
        return new TurnSettings(0.5, 300, 500, OptionalInt.empty(), false, "auto");
    }

    /**
     * @param eagerness {@code low}, {@code medium}, {@code high} or {@code auto}
     * @return semantic VAD with threshold 0.5 and prefix 300 ms
     */
    public static TurnSettings semanticVad(String eagerness) {
        return new TurnSettings(0.5, 300, 500, OptionalInt.empty(), true, eagerness);
    }

    /**
     * @return the probability below which a frame counts as silence inside a turn
     */
    public double stopThreshold() {
        return Math.max(0.0, threshold - TurnDetector.HYSTERESIS);
    }
}

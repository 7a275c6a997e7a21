package dev.realtime.session;

import dev.realtime.protocol.SessionConfig;
import dev.realtime.protocol.TurnDetection;
import dev.realtime.vad.TurnSettings;

/**
 * Maps the protocol's {@code turn_detection} onto the turn detector's settings. Pure.
 */
final class TurnSettingsMapper {
    private TurnSettingsMapper() {
    }

    /** The detector settings of a session; manual turns keep the defaults (the detector is then not consulted). */
    static TurnSettings of(SessionConfig config) {
        if (config.turnDetection().isEmpty()) {
            return TurnSettings.serverVad();
        }
        TurnDetection td = config.turnDetection().get();
        return new TurnSettings(td.threshold(), td.prefixPaddingMs(), td.silenceDurationMs(), td.idleTimeoutMs(),
                                td.semantic(), td.eagerness().orElse("auto"));
    }
}

package dev.realtime.session;

import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import dev.realtime.auth.Principal;
import dev.realtime.auth.SessionDefaults;
import dev.realtime.config.SessionSettings;
import dev.realtime.config.TurnDefaults;
import dev.realtime.protocol.Dialect;
import dev.realtime.protocol.Ids;
import dev.realtime.protocol.ProtocolException;
import dev.realtime.protocol.SessionConfig;
import dev.realtime.protocol.SessionUpdate;
import dev.realtime.protocol.TurnDetection;

/**
 * The configuration a session starts with: the engine's defaults (voice, instructions, turn detection), then the
 * token's session defaults. Its {@code model} is always the configured language model, whatever the URL or the
 * token named: the session shows what will answer. Pure but for the clock and the session id.
 */
final class StartingConfig {
    private static final System.Logger LOGGER = System.getLogger(StartingConfig.class.getName());
    private static final Set<String> BETA_VOICES = Set.of("alloy", "ash", "ballad", "coral", "echo", "sage",
                                                          "shimmer", "verse");

    private StartingConfig() {
    }

    /** The engine's defaults for a new session. */
    static SessionConfig base(SessionServices services, boolean transcription, Dialect dialect) {
        SessionSettings settings = services.config().session();
        Instant expires = services.clock().instant().plus(settings.sessionLifetime());
        // beta clients know only the 2024 voices and reject others (simple-openai's enum, for one)
        String voice = dialect == Dialect.BETA && !BETA_VOICES.contains(settings.voice()) ? "alloy"
                : settings.voice();
        return SessionConfig.defaults(
                Ids.session(), transcription ? SessionConfig.TRANSCRIPTION : SessionConfig.REALTIME,
                services.config().llm().model(), settings.instructions(), voice, expires.getEpochSecond())
                .toBuilder().turnDetection(turnDetection(settings.turnDetection())).build();
    }

    private static Optional<TurnDetection> turnDetection(TurnDefaults d) {
        if (TurnDefaults.NONE.equals(d.type())) {
            return Optional.empty();
        }
        TurnDetection base = TurnDetection.SEMANTIC_VAD.equals(d.type()) ? TurnDetection.semanticVad()
                : TurnDetection.serverVad();
        return Optional.of(new TurnDetection(base.type(), d.threshold(), d.prefixPaddingMs(), d.silenceDurationMs(),
                                             base.idleTimeoutMs(), d.createResponse(), d.interruptResponse(),
                                             base.eagerness()));
    }

    static SessionConfig of(SessionServices services, Principal principal, boolean transcription, Dialect dialect) {
        SessionConfig config = base(services, transcription, dialect);
        if (principal.defaults().isPresent()) {
            SessionDefaults defaults = principal.defaults().get();
            try {
                config = SessionUpdate.apply(config, defaults.session(), defaults.dialect(), false);
            } catch (ProtocolException e) {
                LOGGER.log(Level.WARNING, () -> "token session defaults no longer apply: " + e.getMessage());
            }
        }
        // the model named in the URL or the token is the client's wish; the session shows the model that answers
        return config.toBuilder().model(services.config().llm().model()).build();
    }
}

package dev.realtime;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;

import dev.realtime.config.SttConfig;
import dev.realtime.stt.SttEngine;
import dev.realtime.stt.deepgram.DeepgramSettings;
import dev.realtime.stt.deepgram.DeepgramStt;
import dev.realtime.stt.openai.OpenAiSttSettings;
import dev.realtime.stt.openai.OpenAiTranscriptionStt;
import dev.realtime.stt.local.LocalStt;
import dev.realtime.stt.local.PocketSphinx;

/**
 * Chooses the speech-to-text engine the configuration names, and says in the log which one serves and why
 * another could not. Runs once at startup.
 */
final class SpeechToText {
    private static final System.Logger LOGGER = System.getLogger(SpeechToText.class.getName());

    private SpeechToText() {
    }

    static Optional<SttEngine> create(SttConfig config) {
        Optional<SttEngine> engine = switch (config.provider()) {
            case "local" -> local(config.timeout());
            case "deepgram" -> Optional.of(DeepgramStt.create(
                    DeepgramSettings.of(config.deepgramApiKey().orElseThrow())
                            .withBaseUrl(config.deepgramBaseUrl())
                            .withModel(config.deepgramModel(), config.deepgramLanguage())
                            .withResultTimeout(config.timeout())
                            .withIdleTimeout(config.idleTimeout())));
            case "openai-compatible" -> Optional.of(OpenAiTranscriptionStt.create(
                    OpenAiSttSettings.of(config.baseUrl(), config.apiKey(), config.model())
                            .withTimeout(config.timeout())));
            case SttConfig.NONE -> Optional.empty();
            default -> {
                LOGGER.log(Level.WARNING, "speech-to-text provider '" + config.provider()
                        + "' is not available in this build");
                yield Optional.empty();
            }
        };
        engine.ifPresentOrElse(e -> LOGGER.log(Level.INFO, "STT: " + e.name()),
                               () -> LOGGER.log(Level.WARNING,
                                                "STT: none; voice turns are detected but not transcribed"));
        return engine;
    }

    private static Optional<SttEngine> local(Duration timeout) {
        Optional<LocalStt> local = LocalStt.create().map(l -> l.withDecoderWait(timeout));
        if (local.isEmpty()) {
            LOGGER.log(Level.WARNING, PocketSphinx.probe().detail());
        }
        return local.map(SttEngine.class::cast);
    }
}

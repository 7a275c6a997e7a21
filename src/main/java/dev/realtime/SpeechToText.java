package dev.realtime;

import java.util.Optional;
import java.util.logging.Logger;

import dev.realtime.config.SttConfig;
import dev.realtime.stt.SttEngine;

/**
 * Chooses the speech-to-text engine the configuration names, and says so in the log. Runs once at startup.
 */
final class SpeechToText {
    private static final Logger LOGGER = Logger.getLogger(SpeechToText.class.getName());

    private SpeechToText() {
    }

    static Optional<SttEngine> create(SttConfig config) {
        LOGGER.warning("speech-to-text provider '" + config.provider() + "' is not available in this build; "
                               + "voice turns are detected but not transcribed");
        return Optional.empty();
    }
}

package dev.realtime.tts.local;

import dev.realtime.tts.TtsEngine;
import dev.realtime.tts.TtsOptions;
import dev.realtime.tts.TtsStream;

/**
 * Offline speech in process with FreeTTS 1.2.2 (voice {@code kevin16}, 16 kHz, inside the jar), the fallback when
 * flite is not installed: it needs nothing outside the JVM. Thread-safe; each stream allocates its own voice.
 */
public final class FreeTts implements TtsEngine {
    static {
        // the voice directory ships inside the FreeTTS jar; without this property FreeTTS finds no voices
        System.setProperty("freetts.voices", "com.sun.speech.freetts.en.us.cmu_us_kal.KevinVoiceDirectory");
    }

    private FreeTts() {
    }

    /** The engine. */
    public static FreeTts create() {
        return new FreeTts();
    }

    @Override
    public String name() {
        return "freetts";
    }

    @Override
    public TtsStream open(TtsOptions options) {
        return new FreeTtsStream(options.speed());
    }
}

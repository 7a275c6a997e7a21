package dev.realtime.session.run;

import java.util.Optional;

import dev.realtime.protocol.SessionConfig;
import dev.realtime.tts.TtsEngine;
import dev.realtime.tts.TtsOptions;
import dev.realtime.tts.TtsStream;

/**
 * The session's speech streams: one kept for the conversation's responses (a streaming engine reuses its
 * connection across them), opened at the first spoken response. Used on the session loop only.
 */
public final class SpeechSource {
    private final Optional<TtsEngine> engine;
    private Optional<TtsStream> shared = Optional.empty();
    private String sharedVoice = "";

    /**
     * Creates the source. Called on the session loop.
     *
     * @param engine the session's speech engine, if it has one
     */
    public SpeechSource(Optional<TtsEngine> engine) {
        this.engine = engine;
    }

    /** The conversation's stream for a voice, reopened when the voice differs. */
    public Optional<TtsStream> shared(String voice, SessionConfig session) {
        if (engine.isEmpty()) {
            return Optional.empty();
        }
        if (shared.isEmpty() || !sharedVoice.equals(voice)) {
            shared.ifPresent(TtsStream::close);
            shared = Optional.of(engine.get().open(new TtsOptions(voice, session.speed())));
            sharedVoice = voice;
        }
        return shared;
    }

    /** Releases the kept stream. */
    public void close() {
        shared.ifPresent(TtsStream::close);
        shared = Optional.empty();
    }
}

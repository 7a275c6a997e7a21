package dev.realtime.session;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import dev.realtime.protocol.SessionConfig;
import dev.realtime.protocol.TurnDetection;
import dev.realtime.stt.SttEvent;
import dev.realtime.stt.SttOptions;
import dev.realtime.stt.SttStream;

/**
 * A session's voice input, opened at its first audio: the VAD and transcription streams, the turn pipeline, and
 * what a finished turn triggers (the automatic response once its transcript is in, barge-in at speech start).
 * Used on the session loop only.
 */
final class Voice implements VoiceInput.TurnListener {
    private final SessionServices services;
    private final Conversation conversation;
    private final Emitter emitter;
    private final Responses responses;
    private final Transcripts transcripts;
    private final AudioStore store;
    private final Consumer<SessionMessage> inbox;
    private final String sessionId;
    private final Set<String> awaitingResponse = new HashSet<>();
    private final java.util.Map<String, TurnTiming> timings = new java.util.HashMap<>();
    private Optional<VoiceInput> input = Optional.empty();
    private Optional<SttPump> pump = Optional.empty();
    private Optional<VadFrames> frames = Optional.empty();
    private SessionConfig config;

    Voice(String sessionId, SessionServices services, Conversation conversation, Emitter emitter,
          Responses responses, Transcripts transcripts, AudioStore store, Consumer<SessionMessage> inbox) {
        this.sessionId = sessionId;
        this.services = services;
        this.conversation = conversation;
        this.emitter = emitter;
        this.responses = responses;
        this.transcripts = transcripts;
        this.store = store;
        this.inbox = inbox;
    }

    /** The session configuration changed (or is first known). */
    void configure(SessionConfig next) {
        config = next;
        input.ifPresent(i -> i.configure(next));
    }

    /** The voice input, opened on first use. */
    VoiceInput input() {
        if (input.isEmpty()) {
            Optional<SttStream> stt = services.stt().map(e -> e.open(options(config)));
            pump = stt.map(s -> SttPump.start(sessionId, s, inbox));
            frames = Optional.of(new VadFrames(services.vad().open()));
            input = Optional.of(new VoiceInput(config, conversation, emitter, stt, frames.get(), store, this));
        }
        return input.get();
    }

    /** A transcription result arrived. */
    void transcription(SttEvent event) {
        boolean notify = config.transcription().isPresent() || config.transcriptionOnly();
        Optional<String> finished = transcripts.apply(event, notify);
        if (event instanceof SttEvent.Delta d) {
            input.ifPresent(i -> i.transcriptHint(d.itemId(), transcripts.partialText(d.itemId())));
        }
        if (event instanceof SttEvent.Failed f && services.stt().isPresent()) {
            dev.realtime.observe.EngineMetrics.providerError(services.stt().map(e -> e.name()).orElse("none"),
                                                             f.code());
        }
        Optional<TurnTiming> timing = event instanceof SttEvent.Delta ? Optional.empty()
                : Optional.ofNullable(timings.remove(event.itemId()));
        timing.ifPresent(t -> t.transcribed(System.nanoTime()));
        if (!(event instanceof SttEvent.Delta) && awaitingResponse.remove(event.itemId())
                && finished.isPresent() && !finished.get().isBlank()) {
            responses.createAuto(config, timing);
        }
    }

    /** Responses started or finished: the idle timer only runs while nothing is being said. */
    void responding(boolean active) {
        input.ifPresent(i -> {
            if (active) {
                i.pauseIdle();
            } else {
                i.armIdle();
            }
        });
    }

    @Override
    public void speechStarted(String itemId) {
        if (config.turnDetection().map(TurnDetection::interruptResponse).orElse(false)) {
            responses.cancelInBand("turn_detected");
        }
    }

    @Override
    public void committed(String itemId, boolean auto, boolean idle, double seconds) {
        transcripts.audioSeconds(itemId, seconds);
        dev.realtime.observe.EngineMetrics.turn();
        TurnTiming timing = new TurnTiming(itemId, System.nanoTime());
        timings.put(itemId, timing);
        boolean respond = auto && !config.transcriptionOnly()
                && config.turnDetection().map(TurnDetection::createResponse).orElse(false);
        if (respond && idle) {
            responses.createAuto(config, Optional.of(timing));
        } else if (respond) {
            awaitingResponse.add(itemId);
        }
        if (services.stt().isEmpty()) {
            transcription(new SttEvent.Failed(itemId, "transcription_unavailable",
                                              "No speech-to-text engine is available: set DEEPGRAM_API_KEY or "
                                                      + "STT_PROVIDER, or install the offline engine."));
        }
    }

    /** Releases the streams. */
    void close() {
        pump.ifPresent(SttPump::stop);
        frames.ifPresent(VadFrames::close);
    }

    private static SttOptions options(SessionConfig config) {
        return config.transcription()
                .map(t -> new SttOptions(Optional.of(t.model()), t.language(), t.prompt()))
                .orElse(SttOptions.none());
    }
}

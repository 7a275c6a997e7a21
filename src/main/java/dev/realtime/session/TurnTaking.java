package dev.realtime.session;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import dev.realtime.observe.EngineMetrics;
import dev.realtime.protocol.ErrorInfo;
import dev.realtime.protocol.SessionConfig;
import dev.realtime.protocol.TurnDetection;
import dev.realtime.stt.SttEvent;
import dev.realtime.stt.SttOptions;
import dev.realtime.upstream.Fault;
import dev.realtime.upstream.UpstreamFailure;
import dev.realtime.vad.VadFrames;

/**
 * A session's turn taking (the protocol's {@code turn_detection} and what follows a turn), opened at its first
 * audio: the VAD and transcription streams, the input audio buffer, and what a finished turn triggers (the
 * automatic response once its transcript is in, barge-in at speech start).
 * A turn whose transcription failed is ended audibly: the transcription-failed event when the client asked for
 * transcription events, and the automatic response created and failed at once (or one {@code error} event when no
 * response was due); an upstream failure is also logged and counted once. Loud audio that yielded no words
 * ({@code audio_unintelligible}) counts as noise, like an empty transcript: no response, no error. Used on the
 * session loop only.
 */
final class TurnTaking implements InputAudioBuffer.TurnListener {
    private final SessionServices services;
    private final Conversation conversation;
    private final Emitter emitter;
    private final Responses responses;
    private final Transcripts transcripts;
    private final AudioStore store;
    private final Consumer<SessionMessage> inbox;
    private final String sessionId;
    private final Set<String> awaitingResponse = new HashSet<>();
    private final Map<String, TurnTiming> timings = new HashMap<>();
    private Optional<InputAudioBuffer> input = Optional.empty();
    private Optional<SessionStt> stt = Optional.empty();
    private Optional<VadFrames> frames = Optional.empty();
    private SessionConfig config;

    TurnTaking(String sessionId, SessionServices services, Conversation conversation, Emitter emitter,
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

    /** The input audio buffer, opened at the first audio. */
    InputAudioBuffer buffer() {
        if (input.isEmpty()) {
            stt = services.stt().map(engine -> new SessionStt(sessionId, engine, () -> options(config), inbox));
            frames = Optional.of(new VadFrames(services.vad().open()));
            input = Optional.of(new InputAudioBuffer(config, conversation, emitter, stt, frames.get(), store,
                                               services.config().session().storage().maxInputBufferMs(), this));
        }
        return input.get();
    }

    /** A transcription result arrived from an STT loop; results of a stream already replaced are ignored. */
    void transcription(SttLoop source, SttEvent event) {
        if (stt.filter(s -> s.accept(source, event)).isPresent()) {
            transcription(event, true);
        }
    }

    /**
     * A transcription stream died: the failure is logged and counted once, the turns it owed fail, and the next
     * turn opens a new stream.
     */
    void sttDied(SttLoop source, Fault fault) {
        if (stt.isEmpty()) {
            return;
        }
        var orphans = stt.get().died(source);
        failure(fault).report();
        orphans.forEach(itemId -> transcription(SttEvent.Failed.upstream(itemId, fault), false));
    }

    private void transcription(SttEvent event, boolean report) {
        boolean notify = config.transcription().isPresent() || config.transcriptionOnly();
        Optional<String> finished = transcripts.apply(event, notify);
        if (event instanceof SttEvent.Delta d) {
            input.ifPresent(i -> i.transcriptHint(d.itemId(), transcripts.partialText(d.itemId())));
            return;
        }
        Optional<TurnTiming> timing = Optional.ofNullable(timings.remove(event.itemId()));
        timing.ifPresent(t -> t.transcribed(System.nanoTime()));
        boolean awaited = awaitingResponse.remove(event.itemId());
        if (event instanceof SttEvent.Failed failed && !failed.unintelligible()) {
            ErrorInfo error = failed.fault().map(fault -> {
                UpstreamFailure failure = failure(fault);
                if (report) {
                    failure.report();
                }
                return ErrorInfo.server(failure.code(), failure.clientMessage());
            }).orElseGet(() -> ErrorInfo.server(failed.code(), failed.message()));
            if (!awaited || !responses.failAuto(config, timing, error)) {
                emitter.error(error);
            }
        } else if (awaited && finished.isPresent() && !finished.get().isBlank()) {
            responses.createAuto(config, timing);
        }
    }

    private UpstreamFailure failure(Fault fault) {
        return UpstreamFailure.of(services.config().stt().provider(), UpstreamFailure.TRANSCRIBE, fault);
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
        EngineMetrics.turn();
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
                                                      + "STT_PROVIDER, or install the offline engine."), false);
        }
    }

    /** Releases the streams. */
    void close() {
        stt.ifPresent(SessionStt::close);
        frames.ifPresent(VadFrames::close);
    }

    private static SttOptions options(SessionConfig config) {
        return config.transcription()
                .map(t -> new SttOptions(Optional.of(t.model()), t.language(), t.prompt()))
                .orElse(SttOptions.none());
    }
}

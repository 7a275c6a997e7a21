package dev.realtime.session;

import java.util.List;
import java.util.Optional;

import dev.realtime.audio.InputDecoder;
import dev.realtime.observe.EngineMetrics;
import dev.realtime.protocol.Content;
import dev.realtime.protocol.Ids;
import dev.realtime.protocol.Item;
import dev.realtime.protocol.ProtocolException;
import dev.realtime.protocol.ServerEvent;
import dev.realtime.protocol.SessionConfig;
import dev.realtime.vad.TurnDetector;
import dev.realtime.vad.TurnEvent;
import dev.realtime.vad.VadFrames;

/**
 * The session's input audio buffer, named for the protocol object whose events it handles
 * ({@code input_audio_buffer.append}, {@code .commit}, {@code .clear}, {@code .speech_started}...): client audio
 * is decoded to 16 kHz, cut into VAD frames, and turned into turns (server VAD) or committed on request (manual
 * turns); each turn's audio streams to the transcriber while it is spoken and becomes a user item at its end. The
 * buffer holds at most {@code maxBufferMs}: an append that would take a manual turn past it is refused and not kept
 * (the client commits or clears), and a turn the VAD detects is ended there, as if the speaker had paused. Used on the
 * session loop only.
 */
final class InputAudioBuffer {
    private static final int MIN_COMMIT_MS = 100;

    private final Conversation conversation;
    private final Emitter emitter;
    private final Optional<SessionStt> stt;
    private final VadFrames frames;
    private final TurnListener listener;
    // made once: a method reference passed per append would be a new object fifty times a second
    private final VadFrames.FrameSink frameSink = this::onFrame;
    private final AudioStore store;
    private final long maxBufferMs;
    private InputDecoder decoder;
    private BufferedAudio audio;
    private TurnDetector turns;
    private SessionConfig config;
    private Optional<String> currentItem = Optional.empty();
    private long turnStartMs;

    /** What the session does when a turn ends or speech starts. */
    interface TurnListener {
        /** Speech started (barge-in point). */
        void speechStarted(String itemId);

        /**
         * A turn was committed into a user item.
         *
         * @param itemId  the item
         * @param auto    whether turn detection ended it (rather than a client commit)
         * @param idle    whether the idle timeout ended it
         * @param seconds seconds of audio in the item
         */
        void committed(String itemId, boolean auto, boolean idle, double seconds);
    }

    InputAudioBuffer(SessionConfig config, Conversation conversation, Emitter emitter, Optional<SessionStt> stt,
               VadFrames frames, AudioStore store, long maxBufferMs, TurnListener listener) {
        this.store = store;
        this.maxBufferMs = maxBufferMs;
        this.conversation = conversation;
        this.emitter = emitter;
        this.stt = stt;
        this.frames = frames;
        this.listener = listener;
        this.config = config;
        this.decoder = InputDecoder.create(config.inputFormat());
        this.audio = new BufferedAudio(config.inputFormat());
        this.turns = TurnDetector.create(TurnSettingsMapper.of(config));
        // idle time counts from the first audio until a turn or a response re-arms it
        turns.armIdleTimeout(0);
    }

    /** The session configuration changed. */
    void configure(SessionConfig next) {
        if (next.inputFormat() != config.inputFormat()) {
            decoder = InputDecoder.create(next.inputFormat());
            audio.clear(next.inputFormat());
        }
        turns.update(TurnSettingsMapper.of(next));
        config = next;
    }

    /** {@code input_audio_buffer.append}. */
    void append(byte[] chunk) {
        long chunkMs = config.inputFormat().millis(chunk.length);
        boolean manual = config.turnDetection().isEmpty();
        if (chunkMs > maxBufferMs || manual && audio.millis() + chunkMs > maxBufferMs) {
            throw ProtocolException.invalid("input_audio_buffer_full", "The input audio buffer holds "
                    + audio.millis() + " ms and may hold at most " + maxBufferMs + " ms (limits.max_input_buffer_ms, "
                    + "MAX_INPUT_BUFFER_MS); these " + chunkMs + " ms were not kept. Commit or clear the buffer "
                    + "first.", "audio");
        }
        EngineMetrics.audioIn(chunkMs / 1000.0);
        long atMs = decoder.inputMillis();
        audio.append(chunk, atMs);
        decoder.decode(chunk, 0, chunk.length);
        if (config.turnDetection().isEmpty() && currentItem.isEmpty()) {
            begin(Ids.item(), atMs);
        } else if (currentItem.isEmpty()) {
            audio.trim(VadFrames.HISTORY_MS);
        }
        int n = decoder.available();
        short[] samples = decoder.samples();
        if (currentItem.isPresent() && config.turnDetection().isEmpty()) {
            stt.ifPresent(s -> s.audio(samples, n));
        }
        frames.push(samples, n, frameSink);
        decoder.consume(n);
        if (!manual && currentItem.isPresent() && decoder.inputMillis() - turnStartMs >= maxBufferMs) {
            endLongTurn(currentItem.get());
        }
    }

    /** A detected turn reached the buffer's cap: it ends here and the detector starts afresh. */
    private void endLongTurn(String itemId) {
        long endMs = decoder.inputMillis();
        emitter.emit(new ServerEvent.SpeechStopped(endMs, itemId));
        finish(itemId, turnStartMs, true, false);
        turns.reset();
        turns.armIdleTimeout(endMs);
    }

    /** Interim transcript of the turn being spoken (semantic VAD uses it). */
    void transcriptHint(String itemId, String text) {
        if (currentItem.isPresent() && currentItem.get().equals(itemId)) {
            turns.transcriptHint(text);
        }
    }

    /** {@code input_audio_buffer.commit}: the buffered audio becomes a user item. */
    void commit() {
        long ms = audio.millis();
        if (ms < MIN_COMMIT_MS) {
            throw ProtocolException.invalid("input_audio_buffer_commit_empty", String.format(
                    "Error committing input audio buffer: buffer too small. Expected at least %dms of audio, but "
                            + "buffer only has %.2fms of audio.", MIN_COMMIT_MS, (double) ms));
        }
        String itemId = currentItem.orElseGet(Ids::item);
        finish(itemId, audio.startMs(), false, false);
    }

    /**
     * {@code input_audio_buffer.clear}: the audio is gone, and so is what the turn detector and the VAD's recurrent
     * state had made of it.
     */
    void clear() {
        audio.clear(config.inputFormat());
        stt.ifPresent(SessionStt::clear);
        currentItem = Optional.empty();
        turns.reset();
        frames.reset();
        emitter.emit(new ServerEvent.AudioCleared());
    }

    private void onFrame(float probability, long frameStartMs, int voicedMs, short[] frame, int count) {
        if (config.turnDetection().isPresent() && currentItem.isPresent()) {
            stt.ifPresent(s -> s.audio(frame, count));
        }
        if (config.turnDetection().isEmpty()) {
            return;
        }
        Optional<TurnEvent> next = turns.onFrame(probability, frameStartMs, voicedMs);
        if (next.isPresent()) {
            switch (next.get()) {
                case TurnEvent.SpeechStarted s -> {
                    String itemId = Ids.item();
                    begin(itemId, s.audioStartMs());
                    frames.replaySince(s.audioStartMs(), (samples, n) -> stt.ifPresent(t -> t.audio(samples, n)));
                    emitter.emit(new ServerEvent.SpeechStarted(s.audioStartMs(), itemId));
                    listener.speechStarted(itemId);
                }
                case TurnEvent.SpeechStopped s -> currentItem.ifPresent(itemId -> {
                    emitter.emit(new ServerEvent.SpeechStopped(s.audioEndMs(), itemId));
                    finish(itemId, turnStartMs, true, false);
                });
                case TurnEvent.IdleTimeout t -> {
                    String itemId = Ids.item();
                    emitter.emit(new ServerEvent.TimeoutTriggered(t.audioStartMs(), t.audioEndMs(), itemId));
                    stt.ifPresent(st -> st.begin(itemId));
                    finish(itemId, t.audioStartMs(), true, true);
                }
            }
        }
    }

    private void begin(String itemId, long startMs) {
        currentItem = Optional.of(itemId);
        turnStartMs = startMs;
        stt.ifPresent(s -> s.begin(itemId));
    }

    private void finish(String itemId, long fromMs, boolean auto, boolean idle) {
        byte[] bytes = audio.take(fromMs);
        currentItem = Optional.empty();
        stt.ifPresent(s -> s.commit(itemId));
        Item.Message item = new Item.Message(itemId, Item.Role.USER, Item.Status.COMPLETED,
                                             List.of(new Content.InputAudio(Optional.empty(), Optional.empty())));
        Optional<String> before = conversation.insert(item, Optional.empty());
        emitter.emit(new ServerEvent.AudioCommitted(before, itemId));
        emitter.emit(new ServerEvent.ItemAdded(before, item));
        emitter.emit(new ServerEvent.ItemDone(before, item));
        store.put(itemId, bytes);
        listener.committed(itemId, auto, idle, config.inputFormat().millis(bytes.length) / 1000.0);
    }

    /** The idle timer counts from the given input time (a response finished). */
    void armIdle() {
        turns.armIdleTimeout(decoder.inputMillis());
    }

    /** No idle timeouts while a response runs. */
    void pauseIdle() {
        turns.cancelIdleTimeout();
    }
}

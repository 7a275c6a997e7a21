package dev.realtime.vad;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Server VAD turn state machine over per-frame speech probabilities; one per session, pure (no I/O, no clock:
 * times come with the frames, in milliseconds on the input audio clock since the session's first sample).
 * Frames are {@value #FRAME_MS} ms; a frame starting at {@code t} ends at {@code t + 32}.
 * <ul>
 *   <li><b>Start.</b> Outside a turn, a turn starts on the second of {@value #START_FRAMES} consecutive frames
 *   with {@code p ≥ threshold} (64 ms; a single-frame blip is not a turn). {@link TurnEvent.SpeechStarted}
 *   is reported on that second frame with {@code audioStartMs = max(0, end of the previous turn,
 *   start of the first of the two frames − prefix_padding_ms)}.</li>
 *   <li><b>Hysteresis.</b> Inside a turn a frame is speech while {@code p ≥ threshold − 0.15} (floored at 0)
 *   and silence below that.</li>
 *   <li><b>Stop.</b> The turn's speech ends where the last voiced part of its speech frames ends: frames come
 *   with how far into them the sound goes ({@link VoicedTail}); a speech frame moves the end to its start plus
 *   that much, a speech frame with no voiced part (Silero still trailing off after the words) does not move it.
 *   The turn ends on the first silence frame whose end lies at least the required silence after that point;
 *   {@link TurnEvent.SpeechStopped} carries it as {@code audioEndMs} (where silence began, as OpenAI reports
 *   {@code audio_end_ms}). Speech the model hears but that stays 35 dB under the turn's loudest part for longer
 *   than the required silence can therefore end the turn at the next silence frame. The required
 *   silence is {@code silence_duration_ms}, or with {@code semantic} the {@link SemanticSilence} rule over the
 *   latest {@link #transcriptHint(String)} (cleared when a turn starts). Exactly one stop follows each start.</li>
 *   <li><b>Idle.</b> The idle timer is armed at the end of each turn ({@code audioEndMs}) and by
 *   {@link #armIdleTimeout(long)}, which the session calls when a response's audio has finished playing
 *   (and {@link #cancelIdleTimeout()} while a response runs). Outside a turn, once a frame ends at least
 *   {@code idle_timeout_ms} after the armed time, {@link TurnEvent.IdleTimeout} fires once and the timer
 *   disarms; a turn starting disarms it too.</li>
 * </ul>
 * At most one event per frame. Not thread-safe: used on the session loop only.
 */
public final class TurnDetector {

    /** Duration of one frame in milliseconds (512 samples at 16 kHz). */
    public static final int FRAME_MS = 32;
    /** How far below the threshold the probability may fall inside a turn and still count as speech. */
    public static final double HYSTERESIS = 0.15;
    /** Consecutive frames at or above the threshold that start a turn. */
    public static final int START_FRAMES = 2;

    private final IdleTimer idle = new IdleTimer();
    private TurnSettings settings;
    private boolean speaking;
    private int pendingFrames;
    private long onsetMs;
    private long turnStartMs;
    private long lastSpeechEndMs;
    private long previousTurnEndMs;
    private boolean transcriptUnfinished;

    private TurnDetector(TurnSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * @param settings the session's turn detection settings
     * @return a detector outside any turn
     */
    public static TurnDetector create(TurnSettings settings) {
        return new TurnDetector(settings);
    }

    /**
     * Feeds the next frame's probability, taking the whole frame as voiced.
     *
     * @param probability  speech probability of the frame, from {@link VadStream#probability(float[])}
     * @param frameStartMs start of the frame on the input audio clock; frames come in order
     * @return the event this frame causes, if any
     */
    public Optional<TurnEvent> onFrame(float probability, long frameStartMs) {
        return onFrame(probability, frameStartMs, FRAME_MS);
    }

    /**
     * Feeds the next frame's probability.
     *
     * @param probability  speech probability of the frame, from {@link VadStream#probability(float[])}
     * @param frameStartMs start of the frame on the input audio clock; frames come in order
     * @param voicedMs     how far into the frame its sound goes, 0 to {@value #FRAME_MS}
     *                     ({@link VoicedTail#voicedMs(short[])})
     * @return the event this frame causes, if any
     */
    public Optional<TurnEvent> onFrame(float probability, long frameStartMs, int voicedMs) {
        long frameEndMs = frameStartMs + FRAME_MS;
        if (speaking) {
            return inTurn(probability, frameStartMs, voicedMs);
        }
        if (probability >= settings.threshold()) {
            if (pendingFrames++ == 0) {
                onsetMs = frameStartMs;
            }
            if (pendingFrames >= START_FRAMES) {
                return Optional.of(startTurn(frameEndMs));
            }
        } else {
            pendingFrames = 0;
        }
        return idle.check(frameEndMs, settings.idleTimeoutMs());
    }

    /**
     * Gives semantic VAD the transcript of the current turn so far; ignored by server VAD.
     *
     * @param textSoFar interim transcript of the turn
     */
    public void transcriptHint(String textSoFar) {
        transcriptUnfinished = SemanticSilence.unfinished(Objects.requireNonNull(textSoFar, "textSoFar"));
    }

    /**
     * (Re)starts the idle timer, e.g. when the last response's audio finished playing. A turn in progress
     * re-arms it at its end anyway.
     *
     * @param audioMs input audio time from which idle time counts
     */
    public void armIdleTimeout(long audioMs) {
        idle.arm(audioMs);
    }

    /** Stops the idle timer, e.g. while a response is being generated or played. */
    public void cancelIdleTimeout() {
        idle.cancel();
    }

    /**
     * Changes the settings from the next frame on, keeping the current turn.
     *
     * @param newSettings the session's new turn detection settings
     */
    public void update(TurnSettings newSettings) {
        this.settings = Objects.requireNonNull(newSettings, "newSettings");
    }

    /** Forgets the current turn, the transcript hint, the idle timer and the previous turn's end. */
    public void reset() {
        speaking = false;
        pendingFrames = 0;
        previousTurnEndMs = 0;
        idle.cancel();
        transcriptUnfinished = false;
    }

    /**
     * @return the settings in force
     */
    public TurnSettings settings() {
        return settings;
    }

    /**
     * @return whether a turn is in progress (started and not yet stopped)
     */
    public boolean inSpeech() {
        return speaking;
    }

    /**
     * @return the current turn's {@code audioStartMs}, if a turn is in progress
     */
    public OptionalLong speechStartMs() {
        return speaking ? OptionalLong.of(turnStartMs) : OptionalLong.empty();
    }

    /**
     * @return the silence that would end the current turn now
     */
    public int requiredSilenceMs() {
        if (!settings.semantic()) {
            return settings.silenceDurationMs();
        }
        String eagerness = settings.eagerness();
        return transcriptUnfinished ? SemanticSilence.maxWaitMs(eagerness) : SemanticSilence.baseMs(eagerness);
    }

    private TurnEvent startTurn(long frameEndMs) {
        speaking = true;
        pendingFrames = 0;
        idle.cancel();
        transcriptUnfinished = false;
        lastSpeechEndMs = frameEndMs;
        turnStartMs = Math.max(previousTurnEndMs, Math.max(0, onsetMs - settings.prefixPaddingMs()));
        return new TurnEvent.SpeechStarted(turnStartMs);
    }

    private Optional<TurnEvent> inTurn(float probability, long frameStartMs, int voicedMs) {
        long frameEndMs = frameStartMs + FRAME_MS;
        if (probability >= settings.stopThreshold()) {
            if (voicedMs > 0) {
                lastSpeechEndMs = Math.max(lastSpeechEndMs, frameStartMs + Math.min(voicedMs, FRAME_MS));
            }
            return Optional.empty();
        }
        if (frameEndMs - lastSpeechEndMs < requiredSilenceMs()) {
            return Optional.empty();
        }
        speaking = false;
        previousTurnEndMs = lastSpeechEndMs;
        idle.arm(lastSpeechEndMs);
        return Optional.of(new TurnEvent.SpeechStopped(lastSpeechEndMs));
    }
}

package dev.realtime.vad;

/**
 * What {@link TurnDetector#onFrame(float, long)} decided on a frame. Times are milliseconds on the input audio
 * clock (since the session's first audio sample).
 */
public sealed interface TurnEvent {

    /**
     * A turn began ({@code input_audio_buffer.speech_started}).
     *
     * @param audioStartMs start of the first speech frame minus {@code prefix_padding_ms}, never below 0 nor
     *                     before the end of the previous turn
     */
    record SpeechStarted(long audioStartMs) implements TurnEvent {
    }

    /**
     * The turn ended ({@code input_audio_buffer.speech_stopped}); reported once the required silence has
     * passed, so it arrives that much later than {@code audioEndMs}.
     *
     * @param audioEndMs where the turn's last voiced sound ended, i.e. where the silence began
     */
    record SpeechStopped(long audioEndMs) implements TurnEvent {
    }

    /**
     * No speech for {@code idle_timeout_ms} ({@code input_audio_buffer.timeout_triggered}).
     *
     * @param audioStartMs where the idle time started counting (end of the last turn, or the time given to
     *                     {@link TurnDetector#armIdleTimeout(long)})
     * @param audioEndMs   end of the frame on which the timeout fired
     */
    record IdleTimeout(long audioStartMs, long audioEndMs) implements TurnEvent {
    }
}

package dev.realtime.vad;

/**
 * A voice activity detector shared by all sessions (one model); each session opens its own {@link VadStream}
 * with its own state. Thread-safe.
 */
public interface Vad {
    /** Samples per frame at 16 kHz (512 = 32 ms for Silero). */
    int FRAME_SAMPLES = 512;

    /** Detector name for logs and {@code /health}: {@code silero} or {@code energy}. */
    String name();

    /** Opens per-session state. */
    VadStream open();
}

package dev.realtime.vad;

/**
 * One session's voice activity state (recurrent state and context samples). Used on the session loop only.
 */
public interface VadStream extends AutoCloseable {
    /**
     * Speech probability of the next frame.
     *
     * @param frame {@link Vad#FRAME_SAMPLES} samples of 16 kHz audio as floats in [-1, 1]
     * @return probability in [0, 1]
     */
    float probability(float[] frame);

    /** Forgets the state, as at the start of a stream. */
    void reset();

    @Override
    void close();
}

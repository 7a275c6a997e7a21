package dev.realtime.stt.local;

import java.util.Arrays;

/**
 * The samples of the turn in progress, up to a cap. Used on the session loop only; not thread-safe.
 * Samples past the cap are dropped (the transcript then covers the first {@link #maxSamples()} samples only),
 * so a client that never commits cannot grow the heap without bound.
 */
final class TurnSamples {

    private static final int INITIAL = 16_000 * 4;

    private final int maxSamples;
    private short[] samples = new short[INITIAL];
    private int size;

    /**
     * Creates an empty buffer.
     *
     * @param maxSamples most samples one turn keeps
     */
    TurnSamples(int maxSamples) {
        if (maxSamples < 1) {
            throw new IllegalArgumentException("maxSamples must be positive, got " + maxSamples);
        }
        this.maxSamples = maxSamples;
    }

    /** Most samples one turn keeps. */
    int maxSamples() {
        return maxSamples;
    }

    /** Samples held now. */
    int size() {
        return size;
    }

    /**
     * Appends samples, dropping what does not fit under the cap.
     *
     * @param source samples (copied)
     * @param count  how many from the start of {@code source}
     */
    void append(short[] source, int count) {
        if (count < 0 || count > source.length) {
            throw new IllegalArgumentException("count " + count + " outside 0.." + source.length);
        }
        int n = Math.min(count, maxSamples - size);
        if (n <= 0) {
            return;
        }
        if (size + n > samples.length) {
            samples = Arrays.copyOf(samples, Math.min(maxSamples, Math.max(size + n, samples.length * 2)));
        }
        System.arraycopy(source, 0, samples, size, n);
        size += n;
    }

    /** Hands over the turn's samples and starts an empty turn. */
    short[] take() {
        short[] turn = Arrays.copyOf(samples, size);
        clear();
        return turn;
    }

    /** Drops the turn's samples; a large buffer is released rather than kept for the next turn. */
    void clear() {
        size = 0;
        if (samples.length > INITIAL) {
            samples = new short[INITIAL];
        }
    }
}

package dev.realtime.audio;

import java.util.Arrays;
import java.util.Objects;

/**
 * A growable queue of 16-bit samples: producers append at the end, the reader takes from the front. The
 * backing array is reused, so steady streaming allocates nothing once it has grown to the largest burst.
 * Valid samples are {@code array()[0 .. size())}. Not thread-safe: used on the session loop only.
 */
public final class SampleBuffer {

    private short[] samples;
    private int size;

    private SampleBuffer(int capacity) {
        this.samples = new short[capacity];
    }

    /**
     * @param capacity initial capacity in samples
     * @return an empty buffer
     */
    public static SampleBuffer create(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("Negative capacity " + capacity);
        }
        return new SampleBuffer(capacity);
    }

    /**
     * @return the backing array; valid samples are at indices {@code [0, size())}. The array may be replaced by
     *         later appends, so fetch it again after appending
     */
    public short[] array() {
        return samples;
    }

    /**
     * @return number of samples held
     */
    public int size() {
        return size;
    }

    /**
     * Appends samples.
     *
     * @param in  source
     * @param off first sample
     * @param len number of samples
     */
    public void append(short[] in, int off, int len) {
        Objects.checkFromIndexSize(off, len, in.length);
        ensureFree(len);
        System.arraycopy(in, off, samples, size, len);
        size += len;
    }

    /**
     * Removes samples from the front, moving the rest down.
     *
     * @param count number of samples to drop, at most {@link #size()}
     */
    public void consume(int count) {
        Objects.checkFromToIndex(0, count, size);
        System.arraycopy(samples, count, samples, 0, size - count);
        size -= count;
    }

    /** Removes all samples. */
    public void clear() {
        size = 0;
    }

    /**
     * @return a copy of the samples held
     */
    public short[] toArray() {
        return Arrays.copyOf(samples, size);
    }

    /**
     * Makes room for {@code count} more samples after {@link #size()}; for producers writing in place.
     */
    void ensureFree(int count) {
        int needed = Math.addExact(size, count);
        if (needed > samples.length) {
            samples = Arrays.copyOf(samples, Math.max(needed, samples.length + (samples.length >> 1) + 16));
        }
    }

    /**
     * Marks {@code count} samples written in place after {@link #size()} as held.
     */
    void advance(int count) {
        size += count;
    }
}

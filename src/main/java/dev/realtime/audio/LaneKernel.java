package dev.realtime.audio;

import java.util.Arrays;

/**
 * The polyphase filter computed a whole block at a time, for small ratios (8, 16, 24 and 48 kHz pairs).
 * <p>
 * Output {@code c} and output {@code c + up} use the same branch of the filter, on input {@code down} samples
 * further on. So the input is dealt into {@code down} lanes ({@code lane q} holds samples {@code q, q + down, ...}),
 * and for each group of outputs sharing a branch and each tap, one multiply-add runs along a lane: a unit-stride
 * loop over the block that the JIT compiles to SIMD, where the per-output dot product of {@link Resampler} runs
 * only a few dozen taps per loop. Same fixed-point arithmetic, so the same samples.
 * <p>
 * Lanes hold ints, not shorts: the multiply-add then needs no widening and measured a third faster. Keeps scratch
 * arrays that grow to the largest block; one per {@link Resampler}, used on its thread only.
 */
final class LaneKernel {
    static final int MAX_FACTOR = 8;

    private int[][] lanes = new int[0][];
    private int[] sums = new int[0];

    /**
     * Computes {@code count} outputs into {@code dst[w..]}.
     *
     * @param filter the filter
     * @param stage  input samples, history first
     * @param next   index in {@code stage} of the newest sample the first output reads
     * @param phase  branch of the first output
     * @param filled samples in {@code stage}
     * @param count  outputs to compute
     * @param dst    destination
     * @param w      first index to write
     */
    void run(PolyphaseFilter filter, short[] stage, int next, int phase, int filled, int count, short[] dst, int w) {
        int up = filter.up();
        int down = filter.down();
        int taps = filter.taps();
        int first = next - taps + 1;
        deal(stage, first, filled - first, down);
        short[] coefficients = filter.coefficients();
        int shift = filter.shift();
        int half = (1 << shift) >> 1;
        int offset = 0;
        for (int r = 0; r < up && r < count; r++) {
            int n = (count - r + up - 1) / up;
            sum(coefficients, phase * taps, taps, offset, n, down);
            for (int j = 0; j < n; j++) {
                dst[w + r + j * up] = Pcm16.clamp((sums[j] + half) >> shift);
            }
            phase += down;
            offset += phase / up;
            phase %= up;
        }
    }

    /** One group: {@code sums[j]} = branch · input from {@code offset + j * down} (relative to the first sample). */
    private void sum(short[] coefficients, int from, int taps, int offset, int n, int down) {
        if (sums.length < n) {
            sums = new int[n];
        }
        int[] s = sums;
        Arrays.fill(s, 0, n, 0);
        // lane q, index m of the sample at offset + t, stepped without dividing (a division costs dozens of cycles)
        int q = offset % down;
        int m = offset / down;
        for (int t = 0; t < taps; t++) {
            int h = coefficients[from + t];
            int[] lane = lanes[q];
            for (int j = 0; j < n; j++) {
                s[j] += h * lane[m + j];
            }
            if (++q == down) {
                q = 0;
                m++;
            }
        }
    }

    private void deal(short[] stage, int first, int length, int down) {
        int per = length / down + 1;
        if (lanes.length != down || lanes[0].length < per) {
            lanes = new int[down][Math.max(per, 64)];
        }
        for (int q = 0; q < down; q++) {
            int[] lane = lanes[q];
            int k = 0;
            for (int i = first + q; i < first + length; i += down) {
                lane[k++] = stage[i];
            }
        }
    }
}

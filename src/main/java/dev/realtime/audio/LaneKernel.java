package dev.realtime.audio;

import java.util.Arrays;

/**
 * The polyphase filter computed a whole block at a time, for small ratios (8, 16, 24 and 48 kHz pairs).
 * <p>
 * Output {@code c} and output {@code c + up} use the same branch of the filter, on input {@code down} samples
 * further on. So the input is dealt into {@code down} lanes ({@code lane q} holds samples {@code q, q + down, ...}),
 * and for each group of outputs sharing a branch and each tap, one multiply-add runs along a lane: a unit-stride
 * loop over the block that the JIT compiles to SIMD, where the per-output dot product of {@link Resampler} runs
 * only a few dozen taps per loop. Same fixed-point arithmetic, exact in integers, so the same samples.
 * <p>
 * Lanes hold ints, not shorts: the multiply-add then needs no widening and measured a third faster; the sums are
 * longs (see {@link #sum}). Keeps scratch arrays that grow to the largest block; one per {@link Resampler}, used on
 * its thread only.
 */
final class LaneKernel {
    static final int MAX_FACTOR = 8;

    private int[][] lanes = new int[0][];
    private long[] sums = new long[0];

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
                dst[w + r + j * up] = Pcm16.clamp((int) ((sums[j] + half) >> shift));
            }
            phase += down;
            offset += phase / up;
            phase %= up;
        }
    }

    /**
     * One group: {@code sums[j]} = branch · input from {@code offset + j * down} (relative to the first sample).
     * <p>
     * The sums are longs although every one fits an int ({@link PolyphaseFilter#shift()}): C2 (JDK 25) does not
     * vectorise {@code s[j] += h * lane[m + j]} when both are {@code int[]}, because with an unknown offset
     * {@code m} it cannot rule out that they are one array, while arrays of two types never alias: with long sums
     * the loop runs in SIMD, four times faster. Four taps per pass ({@code taps} is a multiple of 4) load and
     * store the sums once for four multiply-adds; the products of four taps fit an int too.
     */
    private void sum(short[] coefficients, int from, int taps, int offset, int n, int down) {
        if (sums.length < n) {
            sums = new long[n];
        }
        long[] s = sums;
        Arrays.fill(s, 0, n, 0);
        for (int t = 0; t < taps; t += 4) {
            // sample offset + t sits in lane (offset + t) % down at index (offset + t) / down
            int a = offset + t;
            int b = a + 1;
            int c = a + 2;
            int d = a + 3;
            int[] la = lanes[a % down];
            int[] lb = lanes[b % down];
            int[] lc = lanes[c % down];
            int[] ld = lanes[d % down];
            int ma = a / down;
            int mb = b / down;
            int mc = c / down;
            int md = d / down;
            int ha = coefficients[from + t];
            int hb = coefficients[from + t + 1];
            int hc = coefficients[from + t + 2];
            int hd = coefficients[from + t + 3];
            for (int j = 0; j < n; j++) {
                s[j] += ha * la[ma + j] + hb * lb[mb + j] + hc * lc[mc + j] + hd * ld[md + j];
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

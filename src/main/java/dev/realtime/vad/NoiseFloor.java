package dev.realtime.vad;

import java.util.Arrays;

/**
 * Tracks a stream's noise floor and says which frames are nothing but that floor; pure (no clock, no I/O), one
 * per stream, used on the stream's session thread only.
 * <p>
 * The floor is the quietest frame level of the last {@value #WINDOW_FRAMES} frames (about 1.5 s; minimum
 * statistics): it falls at once when the input gets quieter (a fan turns off) and rises only once the quieter
 * frames have left the window (a fan turns on: 1.5 s of frames go to the model, then the new floor holds).
 * Speech does not lift it: even quiet continuous speech dips between syllables within that time.
 * <p>
 * A frame is <em>floor</em> when at least {@value #MIN_FRAMES} frames have been seen (the floor is known), its
 * level is under {@value #CEILING_DBFS} dBFS (an absolute ceiling: no frame that loud is taken for noise, so a
 * loud room is never gated however steady it is) and within {@value #MARGIN_DB} dB of the floor. Steady noise
 * stays within about 2 dB of its own minimum (a 512-sample frame of white noise varies by ±0.3 dB); the onset of
 * a word is more than that above the noise it is spoken over.
 * <p>
 * How the figures were chosen (bench/README.md, "Noise-floor gate", has the table): over the harness's
 * audio with its noise ({@code PEERBENCH_NOISE=100}, about −57 dBFS once resampled to 16 kHz) the gate answers
 * 42 % of all frames, 87 % of those the model calls silence, 95 % of ten seconds of noise alone, with the same
 * fraction for any margin from 3 to 9 dB; with 4 dB or more the faint breath before the fox fixture's first word
 * was gated and its turn started a frame late, with 3 dB no turn event of any fixture moved by more than one
 * frame. A −45 dBFS ceiling would also gate {@code PEERBENCH_NOISE=300} (−47 dBFS) with events within a frame;
 * −50 dBFS keeps quiet speech in a loud room away from the gate and still covers the harness's noise.
 */
final class NoiseFloor {

    /** Frames (32 ms each) over which the quietest level is the floor. */
    static final int WINDOW_FRAMES = 47;
    /** Frames seen before any frame is called floor. */
    static final int MIN_FRAMES = 16;
    /** How far above the floor a frame may be and still be floor. */
    static final double MARGIN_DB = 3.0;
    /** No frame at or above this level is floor. */
    static final double CEILING_DBFS = -50.0;

    private final double[] levels = new double[WINDOW_FRAMES];
    private final double marginDb;
    private final double ceilingDbfs;
    private int seen;

    /** A tracker with the engine's margin and ceiling. */
    NoiseFloor() {
        this(MARGIN_DB, CEILING_DBFS);
    }

    /**
     * A tracker with another margin and ceiling (tests and measurements; a ceiling of −∞ gates nothing).
     *
     * @param marginDb    how far above the floor a frame may be and still be floor
     * @param ceilingDbfs no frame at or above this level is floor
     */
    NoiseFloor(double marginDb, double ceilingDbfs) {
        this.marginDb = marginDb;
        this.ceilingDbfs = ceilingDbfs;
    }

    /**
     * Records the next frame's level and says whether the frame is floor.
     *
     * @param levelDb the frame's level in dBFS ({@code 10·log10(mean(x²))})
     * @return whether the frame is within the margin of the tracked floor and under the ceiling
     */
    boolean floor(double levelDb) {
        levels[seen % WINDOW_FRAMES] = levelDb;
        seen++;
        if (seen < MIN_FRAMES || levelDb >= ceilingDbfs) {
            return false;
        }
        return levelDb < floorDb() + marginDb;
    }

    /** @return the tracked floor in dBFS (the quietest level in the window), +∞ before any frame */
    double floorDb() {
        double min = Double.POSITIVE_INFINITY;
        for (int i = Math.min(seen, WINDOW_FRAMES) - 1; i >= 0; i--) {
            min = Math.min(min, levels[i]);
        }
        return min;
    }

    /** Forgets the input so far (the audio was cleared). */
    void reset() {
        Arrays.fill(levels, 0.0);
        seen = 0;
    }
}

package dev.realtime.audio;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Streaming sample-rate converter for one stream of 16-bit mono audio: a polyphase FIR (Kaiser-windowed sinc
 * with the bands of a {@link Quality}; 16-bit fixed-point coefficients, 32-bit sums) that carries its history
 * across calls, so any split of the input into chunks gives bit-identical output to a single call.
 *
 * <p>After {@code n} input samples the resampler has produced exactly {@code ceil(n * to / from)} samples
 * (rates reduced by their gcd). Output sample {@code k} lies at input time {@code k * from / to - delay()}: the
 * group delay is a fixed {@link #delay()} input samples ({@link #delayMillis()}), zero for equal rates. For the
 * rate pairs among 8, 16, 24 and 48 kHz it is also a whole number of output samples.
 *
 * <p>Coefficients are shared by all streams of a rate pair; each resampler allocates only its own history, and
 * {@link #process} allocates nothing unless the output buffer must grow. Not thread-safe: used on the session
 * loop only.
 */
public final class Resampler {

    private static final int BLOCK = 1024;

    private final int fromRate;
    private final int toRate;
    private final PolyphaseFilter filter;
    private final short[] stage;
    private final Optional<LaneKernel> lanes;
    private int filled;
    private int next;
    private int phase;
    private long inputSamples;
    private long outputSamples;

    private Resampler(int fromRate, int toRate, PolyphaseFilter filter) {
        this.fromRate = fromRate;
        this.toRate = toRate;
        this.filter = filter;
        boolean identity = filter.up() == 1 && filter.down() == 1;
        this.stage = new short[identity ? 0 : filter.taps() - 1 + BLOCK];
        this.filled = filter.taps() - 1;
        this.next = filled;
        boolean small = filter.up() <= LaneKernel.MAX_FACTOR && filter.down() <= LaneKernel.MAX_FACTOR;
        this.lanes = !identity && small ? Optional.of(new LaneKernel()) : Optional.empty();
    }

    /**
     * The bands of the filter, as fractions of the lower of the two rates (0.5 is its Nyquist frequency).
     */
    public enum Quality {
        /**
         * For audio people hear: flat to 0.40, 70 dB down from 0.50, so nothing aliases or images at all
         * (68 taps per branch at 24 → 16 kHz).
         */
        LISTENING(0.40, 0.50, 70),
        /**
         * For audio only VAD and speech recognition read: flat to 0.375 (6 kHz at 16 kHz), 60 dB down from 0.5625
         * (9 kHz), about half the taps of {@link #LISTENING} (32 per branch at 24 → 16 kHz). Speech carries
         * little energy above 6 kHz and recognisers and Silero work on 16 kHz features dominated by the band
         * under 4 kHz; what lies between the lower Nyquist frequency and the stop band folds back only into the
         * top eighth of the band (7-8 kHz at 16 kHz), and 60 dB is below a microphone's noise floor.
         */
        SPEECH(0.375, 0.5625, 60);

        private final double passBand;
        private final double stopBand;
        private final double attenuationDb;

        Quality(double passBand, double stopBand, double attenuationDb) {
            this.passBand = passBand;
            this.stopBand = stopBand;
            this.attenuationDb = attenuationDb;
        }

        double passBand() {
            return passBand;
        }

        double stopBand() {
            return stopBand;
        }

        double attenuationDb() {
            return attenuationDb;
        }
    }

    /**
     * A resampler of {@link Quality#LISTENING} quality.
     *
     * @param fromRate input sample rate in Hz
     * @param toRate   output sample rate in Hz
     * @return a resampler at the start of a stream
     * @throws AudioException when a rate is not positive or the ratio needs an unreasonably large filter
     */
    public static Resampler create(int fromRate, int toRate) {
        return create(fromRate, toRate, Quality.LISTENING);
    }

    /**
     * @param fromRate input sample rate in Hz
     * @param toRate   output sample rate in Hz
     * @param quality  the filter's bands
     * @return a resampler at the start of a stream
     * @throws AudioException when a rate is not positive or the ratio needs an unreasonably large filter
     */
    public static Resampler create(int fromRate, int toRate, Quality quality) {
        return new Resampler(fromRate, toRate, PolyphaseFilter.forRates(fromRate, toRate, quality));
    }

    /**
     * Resamples the next piece of the stream, appending the output to {@code out}. Equal rates copy the input
     * straight into {@code out}.
     *
     * @param in  input samples at {@link #fromRate()}
     * @param off first sample
     * @param len number of samples, any count including 0 and 1
     * @param out receives the output samples at {@link #toRate()}
     * @return number of samples appended to {@code out}
     */
    public int process(short[] in, int off, int len, SampleBuffer out) {
        Objects.checkFromIndexSize(off, len, in.length);
        inputSamples += len;
        if (stage.length == 0) {
            out.append(in, off, len);
            outputSamples += len;
            return len;
        }
        int produced = 0;
        int end = off + len;
        for (int pos = off; pos < end; ) {
            int n = Math.min(end - pos, BLOCK);
            System.arraycopy(in, pos, stage, filled, n);
            filled += n;
            pos += n;
            produced += drain(out);
        }
        outputSamples += produced;
        return produced;
    }

    private int drain(SampleBuffer out) {
        int up = filter.up();
        int down = filter.down();
        int taps = filter.taps();
        long span = (long) (filled - next) * up - phase;
        int count = span <= 0 ? 0 : (int) ((span + down - 1) / down);
        out.ensureFree(count);
        short[] dst = out.array();
        int w = out.size();
        if (lanes.isPresent() && count >= 4 * up) {
            lanes.get().run(filter, stage, next, phase, filled, count, dst, w);
            long total = phase + (long) count * down;
            next += (int) (total / up);
            phase = (int) (total % up);
        } else {
            short[] coefficients = filter.coefficients();
            int shift = filter.shift();
            int half = (1 << shift) >> 1;
            for (int c = 0; c < count; c++) {
                dst[w++] = Pcm16.clamp((dot(coefficients, phase * taps, next - taps + 1, taps) + half) >> shift);
                // next += (phase + down) / up without a division per sample
                phase += down;
                while (phase >= up) {
                    phase -= up;
                    next++;
                }
            }
        }
        out.advance(count);
        int keepFrom = next - (taps - 1);
        System.arraycopy(stage, keepFrom, stage, 0, filled - keepFrom);
        filled -= keepFrom;
        next -= keepFrom;
        return count;
    }

    /**
     * An int dot product written as pairs of 16-bit products, the idiom C2 compiles to multiply-add-pairs SIMD
     * instructions ({@code taps} is a multiple of 4).
     */
    private int dot(short[] coefficients, int from, int base, int taps) {
        int sum = 0;
        for (int t = 0; t < taps; t += 2) {
            sum += coefficients[from + t] * stage[base + t] + coefficients[from + t + 1] * stage[base + t + 1];
        }
        return sum;
    }

    /** Forgets the history, as at the start of a stream; the sample counters restart from zero. */
    public void reset() {
        Arrays.fill(stage, (short) 0);
        filled = filter.taps() - 1;
        next = filled;
        phase = 0;
        inputSamples = 0;
        outputSamples = 0;
    }

    /** Input sample rate in Hz. */
    public int fromRate() {
        return fromRate;
    }

    /** Output sample rate in Hz. */
    public int toRate() {
        return toRate;
    }

    /** Group delay in input samples: output lags the input by exactly this much. */
    public int delay() {
        return filter.delay();
    }

    /** Group delay in milliseconds. */
    public double delayMillis() {
        return filter.delay() * 1000.0 / fromRate;
    }

    /** Input samples taken since the start of the stream. */
    public long inputSamples() {
        return inputSamples;
    }

    /** Output samples produced since the start of the stream: {@code ceil(inputSamples() * to / from)}. */
    public long outputSamples() {
        return outputSamples;
    }
}

package dev.realtime.audio;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The low-pass prototype of a rational resampler, split into polyphase branches. Designed once per rate pair and
 * quality and shared by every stream (immutable, thread-safe).
 *
 * <p>Windowed sinc with a Kaiser window for the quality's stopband attenuation, pass band and stop band (fractions
 * of the lower rate, see {@link Resampler.Quality}); the cutoff (half amplitude) lies midway between them.
 * The prototype has {@code 2 * delay * up + 1} taps centred on tap {@code delay * up}, so the group delay is
 * exactly {@code delay} input samples; when {@code down <= 8} the delay is also a multiple of {@code down}, a
 * whole number of output samples.
 */
final class PolyphaseFilter {

    private static final int MAX_COEFFICIENTS = 1 << 20;
    private static final Map<Key, PolyphaseFilter> CACHE = new ConcurrentHashMap<>();

    private final int up;
    private final int down;
    private final int taps;
    private final int delay;
    private final short[] coefficients;
    private final int shift;

    private PolyphaseFilter(int up, int down, int taps, int delay, double[] coefficients) {
        this.up = up;
        this.down = down;
        this.taps = taps;
        this.delay = delay;
        this.shift = fixedPointShift(coefficients, taps, up);
        this.coefficients = new short[coefficients.length];
        for (int i = 0; i < coefficients.length; i++) {
            this.coefficients[i] = (short) Math.round(coefficients[i] * (1 << shift));
        }
    }

    static PolyphaseFilter forRates(int fromRate, int toRate, Resampler.Quality quality) {
        if (fromRate <= 0 || toRate <= 0) {
            throw new AudioException("Sample rates must be positive: " + fromRate + " -> " + toRate);
        }
        return CACHE.computeIfAbsent(new Key(fromRate, toRate, quality), PolyphaseFilter::design);
    }

    /** Upsampling factor L (output rate / gcd). */
    int up() {
        return up;
    }

    /** Downsampling factor M (input rate / gcd). */
    int down() {
        return down;
    }

    /** Taps per branch, a multiple of 4. */
    int taps() {
        return taps;
    }

    /** Group delay in input samples. */
    int delay() {
        return delay;
    }

    /**
     * Branch-major fixed-point coefficients, scaled by {@code 2^shift()}: {@code coefficients()[phase * taps() + t]}
     * multiplies the input sample {@code taps() - 1 - t} samples before the newest one the output reads. Must not
     * be modified.
     */
    short[] coefficients() {
        return coefficients;
    }

    /**
     * Fractional bits of {@link #coefficients()}: as many as keep every branch's sum of products of 16-bit samples
     * within an {@code int} (15 for the usual filters; the quantisation then sits near −90 dB, under the stop
     * band). Integer dot products are what the JIT turns into SIMD; float sums it must keep in order.
     */
    int shift() {
        return shift;
    }

    private static PolyphaseFilter design(Key key) {
        int fromRate = key.fromRate();
        int toRate = key.toRate();
        Resampler.Quality quality = key.quality();
        int gcd = gcd(fromRate, toRate);
        int up = toRate / gcd;
        int down = fromRate / gcd;
        if (up == 1 && down == 1) {
            return new PolyphaseFilter(1, 1, 4, 0, new double[] {0, 0, 0, 1});
        }
        double upRate = (double) fromRate * up;
        double lower = Math.min(fromRate, toRate);
        double cutoff = (quality.passBand() + quality.stopBand()) / 2 * lower / upRate;
        double transition = 2 * Math.PI * (quality.stopBand() - quality.passBand()) * lower / upRate;
        int order = (int) Math.ceil((quality.attenuationDb() - 7.95) / (2.285 * transition));
        int delay = Math.max(1, (order + 2 * up - 1) / (2 * up));
        if (down <= 8) {
            delay = (delay + down - 1) / down * down;
        }
        int taps = (2 * delay + 1 + 3) & ~3;
        if ((long) taps * up > MAX_COEFFICIENTS) {
            throw new AudioException("Resampling " + fromRate + " Hz to " + toRate + " Hz needs too large a filter");
        }
        double[] prototype = prototype(2 * delay * up + 1, delay * up, cutoff, quality.attenuationDb());
        double sum = 0;
        for (double h : prototype) {
            sum += h;
        }
        double[] coefficients = new double[taps * up];
        for (int phase = 0; phase < up; phase++) {
            for (int age = 0; phase + age * up < prototype.length; age++) {
                coefficients[phase * taps + taps - 1 - age] = prototype[phase + age * up] * up / sum;
            }
        }
        return new PolyphaseFilter(up, down, taps, delay, coefficients);
    }

    private static int fixedPointShift(double[] coefficients, int taps, int up) {
        double worst = 0;
        double largest = 0;
        for (int phase = 0; phase < up; phase++) {
            double branch = 0;
            for (int t = 0; t < taps; t++) {
                branch += Math.abs(coefficients[phase * taps + t]);
                largest = Math.max(largest, Math.abs(coefficients[phase * taps + t]));
            }
            worst = Math.max(worst, branch);
        }
        int shift = 15;
        while (shift > 0 && (worst * (1 << shift) * 32768 >= Integer.MAX_VALUE || largest * (1 << shift) >= 32767)) {
            shift--;
        }
        return shift;
    }

    private static double[] prototype(int length, int centre, double cutoff, double attenuationDb) {
        double beta = 0.1102 * (attenuationDb - 8.7);
        double norm = besselI0(beta);
        double[] h = new double[length];
        for (int k = 0; k < length; k++) {
            double x = k - centre;
            double arg = 2 * cutoff * x;
            double sinc = x == 0 ? 1 : Math.sin(Math.PI * arg) / (Math.PI * arg);
            double r = x / centre;
            h[k] = 2 * cutoff * sinc * besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / norm;
        }
        return h;
    }

    private static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double half = x / 2;
        for (int k = 1; term > 1e-12 * sum; k++) {
            term *= (half / k) * (half / k);
            sum += term;
        }
        return sum;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    private record Key(int fromRate, int toRate, Resampler.Quality quality) {
    }
}

package dev.realtime.audio;

import java.util.Random;

/**
 * Test signals and measurements: sines, noise, single-frequency DFT and residual power.
 */
final class Signals {

    private Signals() {
    }

    static short[] sine(int rate, double frequency, double amplitude, int count) {
        short[] out = new short[count];
        for (int n = 0; n < count; n++) {
            out[n] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * frequency * n / rate));
        }
        return out;
    }

    static short[] noisyTones(int rate, int count, long seed) {
        Random random = new Random(seed);
        short[] out = new short[count];
        for (int n = 0; n < count; n++) {
            double t = (double) n / rate;
            double v = 6000 * Math.sin(2 * Math.PI * 440 * t) + 4000 * Math.sin(2 * Math.PI * 3100 * t)
                       + 3000 * random.nextGaussian();
            out[n] = (short) Math.clamp(Math.round(v), Short.MIN_VALUE, Short.MAX_VALUE);
        }
        return out;
    }

    /** Amplitude of the component at {@code frequency} in {@code x[off .. off + len)}. */
    static double amplitude(short[] x, int off, int len, int rate, double frequency) {
        double[] iq = iq(x, off, len, rate, frequency);
        return Math.hypot(iq[0], iq[1]);
    }

    /** RMS of what is left after removing the best-fitting sine at {@code frequency}. */
    static double residualRms(short[] x, int off, int len, int rate, double frequency) {
        double[] iq = iq(x, off, len, rate, frequency);
        double sum = 0;
        for (int n = 0; n < len; n++) {
            double w = 2 * Math.PI * frequency * n / rate;
            double e = x[off + n] - (iq[0] * Math.cos(w) + iq[1] * Math.sin(w));
            sum += e * e;
        }
        return Math.sqrt(sum / len);
    }

    static double rms(short[] x, int off, int len) {
        double sum = 0;
        for (int n = 0; n < len; n++) {
            sum += (double) x[off + n] * x[off + n];
        }
        return Math.sqrt(sum / len);
    }

    static double db(double ratio) {
        return 20 * Math.log10(ratio);
    }

    static short[] resampleAll(Resampler resampler, short[] in) {
        SampleBuffer out = SampleBuffer.create(0);
        resampler.process(in, 0, in.length, out);
        return out.toArray();
    }

    private static double[] iq(short[] x, int off, int len, int rate, double frequency) {
        double c = 0;
        double s = 0;
        for (int n = 0; n < len; n++) {
            double w = 2 * Math.PI * frequency * n / rate;
            c += x[off + n] * Math.cos(w);
            s += x[off + n] * Math.sin(w);
        }
        return new double[] {2 * c / len, 2 * s / len};
    }
}

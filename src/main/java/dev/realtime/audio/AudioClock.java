package dev.realtime.audio;

/**
 * Conversions between sample counts and milliseconds at a sample rate. Stateless and thread-safe.
 */
public final class AudioClock {

    private AudioClock() {
    }

    /**
     * @param samples number of samples
     * @param rate    sample rate in Hz
     * @return whole milliseconds those samples last, rounded down
     */
    public static long millis(long samples, int rate) {
        return Math.multiplyExact(samples, 1000L) / checkRate(rate);
    }

    /**
     * @param millis duration in milliseconds
     * @param rate   sample rate in Hz
     * @return samples in that duration, rounded down
     */
    public static long samples(long millis, int rate) {
        return Math.multiplyExact(millis, (long) checkRate(rate)) / 1000L;
    }

    /**
     * @param millis duration in milliseconds
     * @param rate   sample rate in Hz
     * @return samples in that duration, rounded down, as an int
     * @throws ArithmeticException when the count does not fit an int
     */
    public static int samplesInt(long millis, int rate) {
        return Math.toIntExact(samples(millis, rate));
    }

    private static int checkRate(int rate) {
        if (rate <= 0) {
            throw new AudioException("Sample rate must be positive: " + rate);
        }
        return rate;
    }
}

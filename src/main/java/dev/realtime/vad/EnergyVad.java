package dev.realtime.vad;

/**
 * Energy detector: the fallback when the Silero model is missing. Needs no model and no native code, but
 * cannot tell speech from other sounds as loud as speech; it only rejects silence and steady noise.
 * <p>
 * Per frame: level {@code L = 10·log10(mean(x²) + 1e-10)} dBFS (a full-scale sine is −3 dBFS, digital silence
 * −100). Each stream tracks a noise floor {@code F}: set from the first frame (clamped to [−70, −35] dBFS); a
 * frame below it pulls it down fast ({@code F += 0.3·(L − F)}), a frame above it pushes it up slowly
 * ({@code F += 0.02·(L − F)}, time constant 50 frames = 1.6 s); never below −70 dBFS. The probability is
 * <pre>
 *   p = sigmoid((L − F − 10 dB) / 2.5 dB) · clamp((L + 55 dB) / 10 dB, 0, 1)
 * </pre>
 * so a frame 10 dB above the floor gives 0.5, 15 dB gives 0.88, 5 dB gives 0.12, and anything quieter than
 * −55 dBFS gives 0 whatever the floor (the second factor fades in between −55 and −45 dBFS). Steady noise
 * that appears suddenly reads as speech until the floor has risen to it (about 2.6 s for a 30 dB step);
 * speech longer than a couple of seconds without any pause slowly loses probability the same way.
 * <p>
 * Thread-safe and stateless; each stream from {@link #open()} is used by one session thread.
 */
public final class EnergyVad implements Vad {

    static final double SILENCE_DB = -100.0;
    static final double FLOOR_MIN_DB = -70.0;
    static final double FLOOR_START_MAX_DB = -35.0;
    static final double FALL = 0.3;
    static final double RISE = 0.02;
    static final double SNR_MID_DB = 10.0;
    static final double SNR_SCALE_DB = 2.5;
    static final double GATE_LOW_DB = -55.0;
    static final double GATE_WIDTH_DB = 10.0;

    private EnergyVad() {
    }

    /**
     * @return the energy detector
     */
    public static EnergyVad create() {
        return new EnergyVad();
    }

    @Override
    public String name() {
        return "energy";
    }

    @Override
    public VadStream open() {
        return new Stream();
    }

    /**
     * @param frame samples in [-1, 1]
     * @return frame level in dBFS, −100 for digital silence
     */
    static double levelDb(float[] frame) {
        double sum = 0;
        for (float x : frame) {
            sum += (double) x * x;
        }
        return 10.0 * Math.log10(sum / frame.length + 1e-10);
    }

    /**
     * @param levelDb frame level
     * @param floorDb current noise floor
     * @return speech probability per the class documentation
     */
    static float probability(double levelDb, double floorDb) {
        double snr = levelDb - floorDb;
        double p = 1.0 / (1.0 + Math.exp(-(snr - SNR_MID_DB) / SNR_SCALE_DB));
        double gate = Math.clamp((levelDb - GATE_LOW_DB) / GATE_WIDTH_DB, 0.0, 1.0);
        return (float) (p * gate);
    }

    private static final class Stream implements VadStream {

        private double floorDb;
        private boolean started;

        @Override
        public float probability(float[] frame) {
            if (frame.length != FRAME_SAMPLES) {
                throw new IllegalArgumentException("VAD frames are " + FRAME_SAMPLES + " samples, got " + frame.length);
            }
            double level = levelDb(frame);
            if (!started) {
                floorDb = Math.clamp(level, FLOOR_MIN_DB, FLOOR_START_MAX_DB);
                started = true;
            }
            float p = EnergyVad.probability(level, floorDb);
            double step = level < floorDb ? FALL : RISE;
            floorDb = Math.max(FLOOR_MIN_DB, floorDb + step * (level - floorDb));
            return p;
        }

        @Override
        public void reset() {
            started = false;
        }

        @Override
        public void close() {
            // nothing to release
        }
    }
}

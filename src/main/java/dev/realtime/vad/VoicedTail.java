package dev.realtime.vad;

/**
 * Finds where the sound ends inside a VAD frame, to 4 ms. The frame is cut into blocks of {@value #BLOCK}
 * samples; a block is voiced when its mean square is within {@value #RELATIVE_DB} dB of the loudest block heard
 * recently and above {@value #FLOOR_DBFS} dBFS. The loudest level decays by {@value #DECAY_DB_PER_S} dB per
 * second, so one loud sound does not mute what follows for long.
 * <p>
 * Why: Silero's probability trails the end of speech by two or three frames (its recurrent state), so counting
 * the silence from the last frame it calls speech ends a turn 60–100 ms late. {@link TurnDetector} counts it
 * from the end of the last voiced block of those frames instead. One per session; used on the session loop.
 */
public final class VoicedTail {
    static final int BLOCK = 64;
    static final double RELATIVE_DB = 35.0;
    static final double FLOOR_DBFS = -60.0;
    static final double DECAY_DB_PER_S = 10.0;

    private static final double FULL_SCALE = 32768.0 * 32768.0;
    private static final double RELATIVE = Math.pow(10, -RELATIVE_DB / 10);
    private static final double FLOOR = FULL_SCALE * Math.pow(10, FLOOR_DBFS / 10);
    private static final double DECAY = Math.pow(10, -DECAY_DB_PER_S * BLOCK / 16_000.0 / 10);
    private static final int BLOCK_MS = BLOCK * 1000 / 16_000;

    private double loudest;

    /**
     * @param frame one frame of 16 kHz samples ({@link Vad#FRAME_SAMPLES})
     * @return milliseconds from the frame's start to the end of its last voiced block, 0 when none is voiced
     */
    public int voicedMs(short[] frame) {
        int lastVoiced = -1;
        int blocks = frame.length / BLOCK;
        for (int b = 0; b < blocks; b++) {
            long sum = 0;
            for (int k = b * BLOCK; k < (b + 1) * BLOCK; k++) {
                sum += frame[k] * frame[k];
            }
            double level = (double) sum / BLOCK;
            loudest = Math.max(level, loudest * DECAY);
            if (level >= FLOOR && level >= loudest * RELATIVE) {
                lastVoiced = b;
            }
        }
        return lastVoiced < 0 ? 0 : (lastVoiced + 1) * BLOCK_MS;
    }

    /** Forgets the loudest level, as at the start of a stream. */
    public void reset() {
        loudest = 0;
    }
}

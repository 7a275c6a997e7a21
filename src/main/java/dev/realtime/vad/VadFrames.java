package dev.realtime.vad;

/**
 * Cuts one session's 16 kHz audio into VAD frames, scores each, finds where its sound ends, and keeps the last
 * few seconds so a turn can start before the frame that detected it (prefix padding). Samples are positioned on
 * the input-audio clock by their count, so times do not depend on how the client chunked its audio. Used on the
 * session loop only.
 */
public final class VadFrames {
    private static final int RATE = 16_000;
    /** Audio kept for prefix padding: a turn never starts further back than this before its detection. */
    public static final int HISTORY_MS = 2000;
    private static final int HISTORY = HISTORY_MS * RATE / 1000;

    private final VadStream vad;
    private final VoicedTail tail = new VoicedTail();
    private final short[] frame = new short[Vad.FRAME_SAMPLES];
    private final float[] floats = new float[Vad.FRAME_SAMPLES];
    private final short[] history = new short[HISTORY];
    private int filled;
    private long samples;
    /** Input-clock sample before which nothing is replayed (audio the client cleared). */
    private long forgottenBefore;

    /** Receives each scored frame. */
    public interface FrameSink {
        /**
         * A scored frame.
         *
         * @param probability  the speech probability
         * @param frameStartMs where the frame starts on the input-audio clock
         * @param voicedMs     how much of the frame's end is sound
         * @param frame        the samples (reused: valid during the call)
         * @param count        how many samples
         */
        void frame(float probability, long frameStartMs, int voicedMs, short[] frame, int count);
    }

    /** Receives replayed audio. */
    public interface SampleSink {
        /** Replayed samples (valid during the call). */
        void samples(short[] samples, int count);
    }

    /**
     * Cuts audio for one detector stream. Called on the session loop.
     *
     * @param vad the session's detector stream
     */
    public VadFrames(VadStream vad) {
        this.vad = vad;
    }

    /** Adds samples; every completed frame is scored and passed on. */
    public void push(short[] in, int count, FrameSink sink) {
        int i = 0;
        while (i < count) {
            int take = Math.min(count - i, frame.length - filled);
            System.arraycopy(in, i, frame, filled, take);
            filled += take;
            i += take;
            if (filled == frame.length) {
                long start = samples;
                remember(frame);
                samples += frame.length;
                filled = 0;
                for (int k = 0; k < frame.length; k++) {
                    floats[k] = frame[k] / 32768f;
                }
                int voicedMs = tail.voicedMs(frame);
                sink.frame(vad.probability(floats), start * 1000 / RATE, voicedMs, frame, frame.length);
            }
        }
    }

    /** Replays the kept audio from the given input-clock time up to the last scored frame. */
    public void replaySince(long fromMs, SampleSink sink) {
        long from = Math.max(Math.max(samples - HISTORY, forgottenBefore), fromMs * RATE / 1000);
        int count = (int) (samples - from);
        if (count <= 0) {
            return;
        }
        short[] out = new short[count];
        for (int k = 0; k < count; k++) {
            out[k] = history[(int) ((from + k) % HISTORY)];
        }
        sink.samples(out, count);
    }

    /**
     * Forgets the audio so far ({@code input_audio_buffer.clear}): the detector's recurrent state and the voiced
     * tail summarise audio that is gone, a partly filled frame is dropped, and nothing before this point is replayed.
     * The clock keeps running.
     */
    public void reset() {
        vad.reset();
        tail.reset();
        samples += filled;
        filled = 0;
        forgottenBefore = samples;
    }

    /** Releases the detector state. */
    public void close() {
        vad.close();
    }

    private void remember(short[] f) {
        // at most two copies around the ring (a remainder per sample was a hot spot at 400 sessions)
        int at = (int) (samples % HISTORY);
        int first = Math.min(f.length, HISTORY - at);
        System.arraycopy(f, 0, history, at, first);
        System.arraycopy(f, first, history, 0, f.length - first);
    }
}

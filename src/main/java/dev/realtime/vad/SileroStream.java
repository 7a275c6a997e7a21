package dev.realtime.vad;

import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * One session's Silero state. Every frame is scored with {@code 64 + 512} samples: the last 64 samples of the
 * previous frame (zeros at the start), then the frame; without that context v6 answers about 0 for clear speech.
 * <p>
 * A frame quieter than {@value #SILENT_DBFS} dBFS (RMS) is silence without asking the model: speech is
 * never that quiet (the energy fallback calls nothing under −55 dBFS speech), and muted, digitally silent or
 * very quiet input then costs almost nothing; the floor is low enough that the faint breath before an onset still
 * reaches the model (bench/README.md, SileroBatchBench, says how it was chosen). Such a frame sets the recurrent state
 * to the one the model settles in on silence, and the context samples follow the audio, so the next onset is scored
 * as if the model had heard the silence.
 * <p>
 * A microphone is never that quiet, so a {@link NoiseFloor} also tracks the input's noise floor: a frame that is
 * floor (within its margin of the tracked floor, under its absolute ceiling) right after a frame the model
 * called silence ({@code p <} {@value #SETTLED}) is answered the same way. The model still hears every frame
 * after speech until it has itself settled to silence, so its trailing probability and the pauses inside words
 * are scored as before.
 * <p>
 * Other frames go to the shared {@link SileroBatcher}, and the calling thread (the session loop, a virtual
 * thread) parks until its batch has run. No allocation per frame. Used on one session thread at a time.
 */
final class SileroStream implements VadStream {

    static final Set<String> INPUT_NAMES = Set.of("input", "state", "sr");
    static final Set<String> OUTPUT_NAMES = Set.of("output", "stateN");
    static final double SILENT_DBFS = -70.0;
    /** Below this probability the model has settled to silence, and floor frames may skip it. */
    static final float SETTLED = 0.1f;

    private static final int CTX = SileroVad.CONTEXT_SAMPLES;
    private static final int FRAME = Vad.FRAME_SAMPLES;
    private static final double SILENT_SUM = FRAME * Math.pow(10, SILENT_DBFS / 10);

    private final SileroBatcher batcher;
    private final float[] samples = new float[CTX + FRAME];
    private final float[] state = new float[2 * 128];
    private final NoiseFloor noiseFloor;
    private boolean settled;
    private volatile boolean done;
    private volatile Thread waiter;
    private float result;
    private String failure = "";
    private boolean closed;

    SileroStream(SileroBatcher batcher, NoiseFloor noiseFloor) {
        this.batcher = batcher;
        this.noiseFloor = noiseFloor;
    }

    @Override
    public float probability(float[] frame) {
        if (frame.length != FRAME) {
            throw new IllegalArgumentException("Silero frames are " + FRAME + " samples, got " + frame.length);
        }
        if (closed) {
            throw new VadException("Silero VAD stream is closed");
        }
        System.arraycopy(frame, 0, samples, CTX, FRAME);
        double sum = sumOfSquares(frame);
        boolean floor = noiseFloor.floor(10 * Math.log10(sum / FRAME + 1e-10));
        float p;
        if (sum < SILENT_SUM || floor && settled) {
            // what the model's state becomes on near-silence, so the next onset is seen as quickly as if it ran
            System.arraycopy(batcher.silentState(), 0, state, 0, state.length);
            p = 0f;
        } else {
            p = score();
        }
        System.arraycopy(frame, FRAME - CTX, samples, 0, CTX);
        settled = p < SETTLED;
        return p < 0f ? 0f : Math.min(p, 1f);
    }

    @Override
    public void reset() {
        Arrays.fill(samples, 0f);
        Arrays.fill(state, 0f);
        noiseFloor.reset();
        settled = false;
    }

    @Override
    public void close() {
        closed = true;
    }

    /** The model input: context then frame; read by the batch thread while this stream waits. */
    float[] samples() {
        return samples;
    }

    /** The recurrent state {@code [2][128]}; read and written by the batch thread while this stream waits. */
    float[] state() {
        return state;
    }

    /** Called on the batch thread once this stream's frame has been scored. */
    void complete(float probability) {
        result = probability;
        wake();
    }

    /** Called on the batch thread when the run failed. */
    void fail(String message) {
        failure = message;
        result = Float.NaN;
        wake();
    }

    private float score() {
        waiter = Thread.currentThread();
        done = false;
        batcher.submit(this);
        boolean interrupted = false;
        while (!done) {
            LockSupport.park(this);
            // an interrupt must not abandon the frame: the batch thread still writes this stream's state
            interrupted |= Thread.interrupted();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (Float.isNaN(result)) {
            throw new VadException(failure);
        }
        return result;
    }

    private void wake() {
        done = true;
        LockSupport.unpark(waiter);
    }

    private static double sumOfSquares(float[] frame) {
        double sum = 0;
        for (float x : frame) {
            sum += x * x;
        }
        return sum;
    }
}

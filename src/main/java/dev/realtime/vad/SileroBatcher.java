package dev.realtime.vad;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import dev.realtime.observe.EngineMetrics;

/**
 * Runs Silero once for every stream that has a frame waiting: input {@code [B, 576]}, state {@code [2, B, 128]}.
 * Batches form by themselves: while one run is going, the frames of other sessions queue up, and the next run
 * takes all of them (at most {@value #MAX_BATCH}); an idle engine runs batches of one without waiting. A frame in
 * a batch costs less than half a frame alone (bench/README.md, SileroBatchBench, has the figures).
 * <p>
 * Inference runs on one platform thread, so the native call never pins a virtual thread's carrier. Tensors are
 * views over direct buffers sized for the largest batch, made once per batch size and reused.
 */
final class SileroBatcher implements AutoCloseable {
    static final int MAX_BATCH = 256;
    /** Context plus frame, per stream. */
    static final int SAMPLES = SileroVad.CONTEXT_SAMPLES + Vad.FRAME_SAMPLES;
    /** Recurrent state per stream and layer. */
    static final int STATE = 128;
    private static final int SETTLE_FRAMES = 32;
    private static final System.Logger LOGGER = System.getLogger(SileroBatcher.class.getName());

    private final OrtEnvironment env;
    private final OrtSession session;
    private final LinkedBlockingQueue<SileroStream> pending = new LinkedBlockingQueue<>();
    private final List<SileroStream> batch = new ArrayList<>(MAX_BATCH);
    private final FloatBuffer input = directFloats(MAX_BATCH * SAMPLES);
    private final FloatBuffer stateIn = directFloats(2 * MAX_BATCH * STATE);
    private final FloatBuffer stateOut = directFloats(2 * MAX_BATCH * STATE);
    private final FloatBuffer output = directFloats(MAX_BATCH);
    private final BatchTensors[] tensors = new BatchTensors[MAX_BATCH + 1];
    private final OnnxTensor sampleRate;
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong runs = new AtomicLong();
    private final float[] silentState;
    private final Thread thread;
    private boolean settling; // while the constructor finds the silent state: not counted in the metrics
    private volatile boolean closed;

    SileroBatcher(OrtEnvironment env, OrtSession session) throws OrtException {
        this.env = env;
        this.session = session;
        this.sampleRate = OnnxTensor.createTensor(env, (long) SileroVad.SAMPLE_RATE);
        this.silentState = settleOnSilence();
        this.thread = Thread.ofPlatform().daemon().name("silero-batch").start(this::loop);
    }

    /** @return the recurrent state the model reaches after a second of digital silence; never modified */
    float[] silentState() {
        return silentState;
    }

    /** Queues a stream whose frame is ready; called on that stream's session thread. */
    void submit(SileroStream stream) {
        if (closed) {
            throw new VadException("Silero VAD is closed");
        }
        pending.add(stream);
        if (closed && pending.remove(stream)) {
            stream.fail("Silero VAD is closed");
        }
    }

    /** @return frames scored and model runs so far; any thread */
    SileroVad.ModelCounts counts() {
        return new SileroVad.ModelCounts(frames.get(), runs.get());
    }

    /** Stops the inference thread (waiting streams fail), then frees the tensors and the model. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (BatchTensors t : tensors) {
            if (t != null) {
                t.close();
            }
        }
        sampleRate.close();
    }

    private void loop() {
        while (!closed) {
            try {
                batch.add(pending.take());
            } catch (InterruptedException e) {
                break;
            }
            pending.drainTo(batch, MAX_BATCH - 1);
            try {
                run(batch);
            } catch (OrtException | RuntimeException e) {
                LOGGER.log(System.Logger.Level.ERROR, "Silero VAD inference failed", e);
                batch.forEach(s -> s.fail("Silero VAD inference failed: " + e.getMessage()));
            }
            batch.clear();
        }
        List<SileroStream> left = new ArrayList<>();
        pending.drainTo(left);
        left.forEach(s -> s.fail("Silero VAD is closed"));
    }

    private void run(List<SileroStream> streams) throws OrtException {
        int n = streams.size();
        for (int i = 0; i < n; i++) {
            SileroStream s = streams.get(i);
            input.put(i * SAMPLES, s.samples(), 0, SAMPLES);
            stateIn.put(i * STATE, s.state(), 0, STATE);
            stateIn.put((n + i) * STATE, s.state(), STATE, STATE);
        }
        BatchTensors t = tensors[n] == null
                ? tensors[n] = new BatchTensors(env, n, input, stateIn, output, stateOut, sampleRate) : tensors[n];
        try (OrtSession.Result ignored = session.run(t.inputs(), t.outputs())) {
            runs.incrementAndGet();
            frames.addAndGet(n);
        }
        if (!settling) {
            EngineMetrics.vadBatch(n);
        }
        for (int i = 0; i < n; i++) {
            SileroStream s = streams.get(i);
            stateOut.get(i * STATE, s.state(), 0, STATE);
            stateOut.get((n + i) * STATE, s.state(), STATE, STATE);
            s.complete(output.get(i));
        }
    }

    /** Runs the model on zeros from a zero state until it has settled (the model's answer to silence). */
    private float[] settleOnSilence() throws OrtException {
        SileroStream probe = new SileroStream(this, new NoiseFloor());
        settling = true;
        for (int i = 0; i < SETTLE_FRAMES; i++) {
            run(List.of(probe));
        }
        settling = false;
        runs.set(0);
        frames.set(0);
        return probe.state().clone();
    }

    private static FloatBuffer directFloats(int n) {
        return ByteBuffer.allocateDirect(n * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }
}

package dev.realtime.vad;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import dev.realtime.observe.EngineMetrics;

/**
 * Runs Silero once for every stream that has a frame waiting: input {@code [B, 576]}, state {@code [2, B, 128]}.
 * Batches form by themselves: while one run is going, the frames of other sessions queue up, and the next run
 * takes all of them (at most {@value #MAX_BATCH}); an idle engine runs batches of one without waiting. Under load
 * (the previous batch held more than one frame) a batch waits up to {@value #LINGER_MICROS} µs for
 * {@value #LINGER_TARGET} frames: a frame in a batch of 16 costs less than half a frame alone, and at 100 busy
 * streams batches of 1.2 became batches of 13 at 45 % less CPU per frame (bench/README.md, SileroBatchBench and
 * SileroLoad, has the figures; a second inference thread measured no better on two cores and was left out).
 * <p>
 * Inference runs on one platform thread, so the native call never pins a virtual thread's carrier.
 */
final class SileroBatcher implements AutoCloseable {
    static final int MAX_BATCH = 256;
    /** Context plus frame, per stream. */
    static final int SAMPLES = SileroVad.CONTEXT_SAMPLES + Vad.FRAME_SAMPLES;
    /** Recurrent state per stream and layer. */
    static final int STATE = 128;
    /** A lingering batch stops waiting once it holds this many frames (larger batches gain nothing more). */
    static final int LINGER_TARGET = 16;
    /** How long a batch may wait for more frames under load. */
    static final long LINGER_MICROS = 2000;
    private static final int SETTLE_FRAMES = 32;
    private static final System.Logger LOGGER = System.getLogger(SileroBatcher.class.getName());

    private final LinkedBlockingQueue<SileroStream> pending = new LinkedBlockingQueue<>();
    private final List<SileroStream> batch = new ArrayList<>(MAX_BATCH);
    private final OnnxTensor sampleRate;
    private final BatchWorker worker;
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong runs = new AtomicLong();
    private final float[] silentState;
    private final Thread thread;
    private volatile boolean closed;

    SileroBatcher(OrtEnvironment env, OrtSession session) throws OrtException {
        this.sampleRate = OnnxTensor.createTensor(env, (long) SileroVad.SAMPLE_RATE);
        this.worker = new BatchWorker(env, session, sampleRate);
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

    /** Stops the inference thread (waiting streams fail), then frees the tensors. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        worker.close();
        sampleRate.close();
    }

    private void loop() {
        int last = 0;
        while (!closed) {
            try {
                batch.add(pending.take());
                pending.drainTo(batch, MAX_BATCH - batch.size());
                if (last > 1) {
                    linger();
                }
            } catch (InterruptedException e) {
                batch.forEach(s -> s.fail("Silero VAD is closed"));
                break;
            }
            try {
                worker.run(batch);
                runs.incrementAndGet();
                frames.addAndGet(batch.size());
                EngineMetrics.vadBatch(batch.size());
                worker.complete(batch);
            } catch (OrtException | RuntimeException e) {
                LOGGER.log(System.Logger.Level.ERROR, "Silero VAD inference failed", e);
                batch.forEach(s -> s.fail("Silero VAD inference failed: " + e.getMessage()));
            }
            last = batch.size();
            batch.clear();
        }
        List<SileroStream> left = new ArrayList<>();
        pending.drainTo(left);
        left.forEach(s -> s.fail("Silero VAD is closed"));
    }

    /** Waits up to the linger time for the batch to reach {@link #LINGER_TARGET} frames. */
    private void linger() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(LINGER_MICROS);
        while (batch.size() < LINGER_TARGET) {
            long left = deadline - System.nanoTime();
            SileroStream next = left > 0 ? pending.poll(left, TimeUnit.NANOSECONDS) : null;
            if (next == null) {
                return;
            }
            batch.add(next);
            pending.drainTo(batch, MAX_BATCH - batch.size());
        }
    }

    /** Runs the model on zeros from a zero state until it has settled (the model's answer to silence). */
    private float[] settleOnSilence() throws OrtException {
        SileroStream probe = new SileroStream(this, new NoiseFloor());
        for (int i = 0; i < SETTLE_FRAMES; i++) {
            worker.run(List.of(probe));
        }
        return probe.state().clone();
    }
}

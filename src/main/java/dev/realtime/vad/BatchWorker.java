package dev.realtime.vad;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * One inference thread's buffers: runs Silero on a batch of streams (input {@code [B, 576]}, state
 * {@code [2, B, 128]}) through tensors that view direct buffers sized for the largest batch, made once per batch
 * size and reused, then hands each stream its probability and next state. Used on one thread at a time (its
 * batch thread, or the constructor's before the threads start).
 */
final class BatchWorker {
    private static final int SAMPLES = SileroBatcher.SAMPLES;
    private static final int STATE = SileroBatcher.STATE;
    private static final int MAX = SileroBatcher.MAX_BATCH;

    private final OrtEnvironment env;
    private final OrtSession session;
    private final OnnxTensor sampleRate;
    private final FloatBuffer input = directFloats(MAX * SAMPLES);
    private final FloatBuffer stateIn = directFloats(2 * MAX * STATE);
    private final FloatBuffer stateOut = directFloats(2 * MAX * STATE);
    private final FloatBuffer output = directFloats(MAX);
    private final BatchTensors[] tensors = new BatchTensors[MAX + 1];

    BatchWorker(OrtEnvironment env, OrtSession session, OnnxTensor sampleRate) {
        this.env = env;
        this.session = session;
        this.sampleRate = sampleRate;
    }

    /** Scores one frame of every stream in one model run; the streams are not woken (see {@link #complete}). */
    void run(List<SileroStream> streams) throws OrtException {
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
            for (int i = 0; i < n; i++) {
                SileroStream s = streams.get(i);
                stateOut.get(i * STATE, s.state(), 0, STATE);
                stateOut.get((n + i) * STATE, s.state(), STATE, STATE);
            }
        }
    }

    /** Wakes the streams of the batch just run with their probabilities. */
    void complete(List<SileroStream> streams) {
        for (int i = 0; i < streams.size(); i++) {
            streams.get(i).complete(output.get(i));
        }
    }

    /** Frees this worker's tensors (not the shared sample-rate scalar). */
    void close() {
        for (BatchTensors t : tensors) {
            if (t != null) {
                t.close();
            }
        }
    }

    private static FloatBuffer directFloats(int n) {
        return ByteBuffer.allocateDirect(n * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }
}

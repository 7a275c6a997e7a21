package dev.realtime.vad;

import java.nio.FloatBuffer;
import java.util.Map;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;

/**
 * The tensors of one batch size for {@link SileroBatcher}: views over the first {@code n} rows of its shared
 * direct buffers (ONNX Runtime reads and writes them in place), made once per size and reused. Used on the batch
 * thread only.
 */
final class BatchTensors {
    private final Map<String, OnnxTensor> inputs;
    private final Map<String, OnnxTensor> outputs;
    private final OnnxTensor sampleRate;

    BatchTensors(OrtEnvironment env, int n, FloatBuffer input, FloatBuffer stateIn, FloatBuffer output,
                 FloatBuffer stateOut, OnnxTensor sampleRate) throws OrtException {
        int samples = SileroBatcher.SAMPLES;
        int state = SileroBatcher.STATE;
        this.sampleRate = sampleRate;
        OnnxTensor x = OnnxTensor.createTensor(env, input.slice(0, n * samples), new long[] {n, samples});
        OnnxTensor s = OnnxTensor.createTensor(env, stateIn.slice(0, 2 * n * state), new long[] {2, n, state});
        OnnxTensor p = OnnxTensor.createTensor(env, output.slice(0, n), new long[] {n, 1});
        OnnxTensor sn = OnnxTensor.createTensor(env, stateOut.slice(0, 2 * n * state), new long[] {2, n, state});
        inputs = Map.of("input", x, "state", s, "sr", sampleRate);
        outputs = Map.of("output", p, "stateN", sn);
    }

    /** @return the model inputs: frames with context, recurrent state, sample rate */
    Map<String, OnnxTensor> inputs() {
        return inputs;
    }

    /** @return the pinned outputs: probabilities and the next recurrent state */
    Map<String, OnnxTensor> outputs() {
        return outputs;
    }

    /** Frees the tensors of this size (not the shared sample-rate scalar). */
    void close() {
        inputs.values().stream().filter(t -> t != sampleRate).forEach(OnnxTensor::close);
        outputs.values().forEach(OnnxTensor::close);
    }
}

package dev.realtime.vad;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Set;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * One session's Silero state. Every call feeds {@code 64 + 512} samples: the last 64 samples of the previous
 * frame (zeros at the start), then the frame; without that context v6 answers about 0 for clear speech.
 * <p>
 * No allocation of buffers per frame: the input, both state tensors and the output are tensors over direct
 * buffers made once per stream. The recurrent state ping-pongs between two tensors (one is the {@code state}
 * input while the other is the pinned {@code stateN} output), so ONNX Runtime writes the new state in place.
 * Used on one session thread at a time.
 */
final class SileroStream implements VadStream {

    static final Set<String> INPUT_NAMES = Set.of("input", "state", "sr");
    static final Set<String> OUTPUT_NAMES = Set.of("output", "stateN");

    private static final int CTX = SileroVad.CONTEXT_SAMPLES;
    private static final int FRAME = Vad.FRAME_SAMPLES;
    private static final int STATE_SIZE = 2 * 128;

    private final OrtSession session;
    private final FloatBuffer input = directFloats(CTX + FRAME);
    private final FloatBuffer[] state = {directFloats(STATE_SIZE), directFloats(STATE_SIZE)};
    private final FloatBuffer output = directFloats(1);
    private final OnnxTensor[] tensors;
    private final Map<String, OnnxTensor> evenInputs;
    private final Map<String, OnnxTensor> evenOutputs;
    private final Map<String, OnnxTensor> oddInputs;
    private final Map<String, OnnxTensor> oddOutputs;
    private boolean odd;
    private boolean closed;

    SileroStream(OrtEnvironment env, OrtSession session) {
        this.session = session;
        try {
            OnnxTensor x = OnnxTensor.createTensor(env, input, new long[] {1, CTX + FRAME});
            OnnxTensor s0 = OnnxTensor.createTensor(env, state[0], new long[] {2, 1, 128});
            OnnxTensor s1 = OnnxTensor.createTensor(env, state[1], new long[] {2, 1, 128});
            OnnxTensor sr = OnnxTensor.createTensor(env, (long) SileroVad.SAMPLE_RATE);
            OnnxTensor out = OnnxTensor.createTensor(env, output, new long[] {1, 1});
            tensors = new OnnxTensor[] {x, s0, s1, sr, out};
            evenInputs = Map.of("input", x, "state", s0, "sr", sr);
            evenOutputs = Map.of("output", out, "stateN", s1);
            oddInputs = Map.of("input", x, "state", s1, "sr", sr);
            oddOutputs = Map.of("output", out, "stateN", s0);
        } catch (OrtException e) {
            throw new VadException("Cannot allocate Silero VAD tensors", e);
        }
    }

    @Override
    public float probability(float[] frame) {
        if (frame.length != FRAME) {
            throw new IllegalArgumentException("Silero frames are " + FRAME + " samples, got " + frame.length);
        }
        if (closed) {
            throw new VadException("Silero VAD stream is closed");
        }
        input.put(CTX, frame, 0, FRAME);
        Map<String, OnnxTensor> in = odd ? oddInputs : evenInputs;
        Map<String, OnnxTensor> out = odd ? oddOutputs : evenOutputs;
        try (OrtSession.Result ignored = session.run(in, out)) {
            odd = !odd;
        } catch (OrtException | IllegalStateException e) {
            throw new VadException("Silero VAD inference failed: " + e.getMessage(), e);
        }
        input.put(0, frame, FRAME - CTX, CTX);
        float p = output.get(0);
        return p < 0f ? 0f : Math.min(p, 1f);
    }

    @Override
    public void reset() {
        zero(input);
        zero(state[0]);
        zero(state[1]);
        odd = false;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            for (OnnxTensor t : tensors) {
                t.close();
            }
        }
    }

    private static FloatBuffer directFloats(int n) {
        return ByteBuffer.allocateDirect(n * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private static void zero(FloatBuffer buffer) {
        for (int i = 0; i < buffer.capacity(); i++) {
            buffer.put(i, 0f);
        }
    }
}

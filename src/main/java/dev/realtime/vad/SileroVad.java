package dev.realtime.vad;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * Silero VAD v5/v6 ({@code silero_vad.onnx}) on ONNX Runtime, 16 kHz.
 * <p>
 * One {@link OrtSession} (one intra-op and one inter-op thread) is shared by every stream; each stream from
 * {@link #open()} keeps its own recurrent state {@code [2][128]} and its own 64-sample context, so a stream
 * must not be shared between sessions. Frames of all streams are scored together by one {@link SileroBatcher}
 * thread, so streams may be used on different session threads at the same time.
 * <p>
 * Threads: {@link #load(Path)} once at startup (it takes a few hundred milliseconds); {@link #open()} from any
 * thread; {@link #close()} only when no stream is running any more (shutdown, tests).
 * <p>
 * Measured with onnxruntime 1.29.0 on Linux x86_64: the JVM dies with SIGSEGV inside
 * {@code OrtEnvironment.getEnvironment()} when the process command line is 4 KB or longer (e.g. a long
 * {@code -cp} list), so launch with a manifest class path ({@code java -jar}) or an {@code @argfile}.
 */
public final class SileroVad implements Vad, AutoCloseable {

    /** Sample rate the model is run at. */
    static final int SAMPLE_RATE = 16_000;
    /** Samples of the previous frame prepended to each frame (the model returns ~0 without them). */
    static final int CONTEXT_SAMPLES = 64;

    private final OrtSession session;
    private final SileroBatcher batcher;

    private SileroVad(OrtSession session, SileroBatcher batcher) {
        this.session = session;
        this.batcher = batcher;
    }

    /**
     * Loads the model.
     *
     * @param model path of {@code silero_vad.onnx} (v5 or v6)
     * @return the detector
     * @throws VadException if the file is missing, is not an ONNX model, or lacks Silero's inputs and outputs
     */
    public static SileroVad load(Path model) {
        Objects.requireNonNull(model, "model");
        if (!Files.isRegularFile(model)) {
            throw new VadException("Silero VAD model not found at " + model.toAbsolutePath()
                                           + "; run bin/fetch-silero to install it");
        }
        OrtEnvironment env;
        OrtSession session;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            env = OrtEnvironment.getEnvironment();
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            session = env.createSession(model.toString(), options);
        } catch (OrtException | RuntimeException e) {
            throw new VadException("Cannot load Silero VAD model " + model.toAbsolutePath() + ": " + e.getMessage()
                                           + "; run bin/fetch-silero to reinstall it", e);
        }
        try {
            checkSignature(session, model);
            return new SileroVad(session, new SileroBatcher(env, session));
        } catch (OrtException e) {
            closeQuietly(session);
            throw new VadException("Cannot allocate Silero VAD tensors", e);
        } catch (RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
    }

    @Override
    public String name() {
        return "silero";
    }

    @Override
    public VadStream open() {
        return open(new NoiseFloor());
    }

    /** A stream gated by the given noise-floor tracker (tests and measurements); any thread. */
    VadStream open(NoiseFloor noiseFloor) {
        return new SileroStream(batcher, noiseFloor);
    }

    /**
     * @return frames the model scored and the runs it took so far
     */
    public ModelCounts modelCounts() {
        return batcher.counts();
    }

    /**
     * Work done by the model since startup.
     *
     * @param frames frames scored (silent frames answered without the model are not counted)
     * @param runs   model runs; {@code frames / runs} is the mean batch size
     */
    public record ModelCounts(long frames, long runs) {
    }

    /** Stops the batch thread and releases the shared ONNX session; streams fail afterwards. */
    @Override
    public void close() {
        batcher.close();
        closeQuietly(session);
    }

    private static void checkSignature(OrtSession session, Path model) {
        try {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            Map<String, NodeInfo> outputs = session.getOutputInfo();
            boolean ok = inputs.keySet().containsAll(SileroStream.INPUT_NAMES)
                    && outputs.keySet().containsAll(SileroStream.OUTPUT_NAMES);
            if (!ok) {
                throw new VadException(model.toAbsolutePath() + " is not a Silero VAD v5/v6 model (inputs "
                                               + inputs.keySet() + ", outputs " + outputs.keySet()
                                               + "); run bin/fetch-silero to install the right one");
            }
        } catch (OrtException e) {
            throw new VadException("Cannot inspect Silero VAD model " + model.toAbsolutePath(), e);
        }
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException | IllegalStateException ignored) {
            // already closed or failing to release native memory at shutdown: nothing left to do
        }
    }
}

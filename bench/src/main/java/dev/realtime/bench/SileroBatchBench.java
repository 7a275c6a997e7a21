package dev.realtime.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Silero v6 run on a batch of frames from {@code batch} streams in one ONNX call (input {@code [batch, 64 + 512]},
 * state {@code [2, batch, 128]}), with the session options the engine uses (one intra-op thread). One operation
 * = one call; divide by the batch for the cost per frame. Tells what batching the streams of all sessions per
 * 32 ms tick would save. The ONNX Runtime options (graph optimisation, memory arena, memory pattern) are parameters
 * too, defaulting to ONNX Runtime's defaults, which the engine keeps ({@link SileroOptionsCost} measures them in
 * CPU time). Needs the model (bin/fetch-silero, or -Dvad.model=PATH).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@State(Scope.Thread)
public class SileroBatchBench {
    private static final int SAMPLES = 64 + 512;

    @Param({"1", "8", "32", "128"})
    public int batch;

    /** ONNX Runtime graph optimisation level: ALL_OPT (the default), EXTENDED_OPT, BASIC_OPT, NO_OPT. */
    @Param("ALL_OPT")
    public String optimisation;

    /** ONNX Runtime's CPU memory arena (on by default). */
    @Param("true")
    public boolean arena;

    /** ONNX Runtime's memory pattern planning (on by default). */
    @Param("true")
    public boolean memoryPattern;

    private OrtEnvironment env;
    private OrtSession session;
    private OnnxTensor input;
    private OnnxTensor state;
    private OnnxTensor sr;

    @Setup(Level.Trial)
    public void load() throws Exception {
        env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.valueOf(optimisation));
            options.setCPUArenaAllocator(arena);
            options.setMemoryPatternOptimization(memoryPattern);
            session = env.createSession(System.getProperty("vad.model", "models/silero/silero_vad.onnx"), options);
        }
        Random random = new Random(1);
        FloatBuffer samples = floats(batch * SAMPLES);
        for (int i = 0; i < batch * SAMPLES; i++) {
            samples.put(i, (float) (0.3 * Math.sin(i * 0.07) + 0.01 * random.nextGaussian()));
        }
        input = OnnxTensor.createTensor(env, samples, new long[] {batch, SAMPLES});
        state = OnnxTensor.createTensor(env, floats(2 * batch * 128), new long[] {2, batch, 128});
        sr = OnnxTensor.createTensor(env, 16_000L);
    }

    @Benchmark
    public float run() throws Exception {
        try (OrtSession.Result result = session.run(Map.of("input", input, "state", state, "sr", sr))) {
            return ((float[][]) result.get("output").get().getValue())[0][0];
        }
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        input.close();
        state.close();
        sr.close();
        session.close();
    }

    private static FloatBuffer floats(int n) {
        return ByteBuffer.allocateDirect(n * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }
}

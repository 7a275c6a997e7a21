package dev.realtime.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;

/**
 * CPU time (of the calling thread, so other processes on a shared machine disturb it less than wall time) per
 * frame of Silero v6 runs of batch 1 and 16, for ONNX Runtime session options: the engine's (one intra-op thread,
 * sequential, defaults otherwise), each graph optimisation level, no CPU memory arena, no memory pattern. The
 * option sets take turns over five rounds; the median round is printed. Usage: {@code SileroOptionsCost}
 * ({@code -Dvad.model=PATH}).
 */
public final class SileroOptionsCost {
    private static final int SAMPLES = 64 + 512;
    private static final int ROUNDS = 5;

    private SileroOptionsCost() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Consumer<SessionOptions>> sets = new LinkedHashMap<>();
        sets.put("engine (ALL_OPT, arena, memory pattern)", o -> { });
        for (SessionOptions.OptLevel level : List.of(SessionOptions.OptLevel.EXTENDED_OPT,
                                                      SessionOptions.OptLevel.BASIC_OPT,
                                                      SessionOptions.OptLevel.NO_OPT)) {
            sets.put(level.name(), o -> call(() -> o.setOptimizationLevel(level)));
        }
        sets.put("no CPU arena", o -> call(() -> o.setCPUArenaAllocator(false)));
        sets.put("no memory pattern", o -> call(() -> o.setMemoryPatternOptimization(false)));
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        String model = System.getProperty("vad.model", "models/silero/silero_vad.onnx");
        Map<String, List<double[]>> results = new LinkedHashMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            for (Map.Entry<String, Consumer<SessionOptions>> set : sets.entrySet()) {
                try (SessionOptions options = new SessionOptions()) {
                    options.setIntraOpNumThreads(1);
                    options.setInterOpNumThreads(1);
                    options.setExecutionMode(SessionOptions.ExecutionMode.SEQUENTIAL);
                    set.getValue().accept(options);
                    try (OrtSession session = env.createSession(model, options)) {
                        double one = cpuMicrosPerFrame(env, session, 1, 1500);
                        double sixteen = cpuMicrosPerFrame(env, session, 16, 200);
                        results.computeIfAbsent(set.getKey(), k -> new ArrayList<>()).add(new double[] {one, sixteen});
                    }
                }
            }
        }
        System.out.printf("%-42s %14s %14s%n", "options", "batch 1 us/fr", "batch 16 us/fr");
        results.forEach((name, r) -> System.out.printf("%-42s %14.1f %14.1f%n", name, median(r, 0), median(r, 1)));
    }

    private static double cpuMicrosPerFrame(OrtEnvironment env, OrtSession session, int batch, int calls)
            throws OrtException {
        Random random = new Random(1);
        FloatBuffer samples = floats(batch * SAMPLES);
        for (int i = 0; i < batch * SAMPLES; i++) {
            samples.put(i, (float) (0.3 * Math.sin(i * 0.07) + 0.01 * random.nextGaussian()));
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (OnnxTensor input = OnnxTensor.createTensor(env, samples, new long[] {batch, SAMPLES});
             OnnxTensor state = OnnxTensor.createTensor(env, floats(2 * batch * 128), new long[] {2, batch, 128});
             OnnxTensor sr = OnnxTensor.createTensor(env, 16_000L)) {
            Map<String, OnnxTensor> inputs = Map.of("input", input, "state", state, "sr", sr);
            for (int i = 0; i < calls / 5; i++) {
                session.run(inputs).close();
            }
            long start = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < calls; i++) {
                session.run(inputs).close();
            }
            return (threads.getCurrentThreadCpuTime() - start) / 1e3 / calls / batch;
        }
    }

    private static double median(List<double[]> rounds, int column) {
        double[] v = rounds.stream().mapToDouble(r -> r[column]).sorted().toArray();
        return v[v.length / 2];
    }

    private interface OrtCall {
        void run() throws OrtException;
    }

    private static void call(OrtCall c) {
        try {
            c.run();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    private static FloatBuffer floats(int n) {
        return ByteBuffer.allocateDirect(n * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }
}

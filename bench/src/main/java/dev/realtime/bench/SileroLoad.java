package dev.realtime.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.sun.management.OperatingSystemMXBean;

import dev.realtime.vad.SileroVad;
import dev.realtime.vad.VadStream;

/**
 * Silero under the engine's load shape: N streams, each on its own virtual thread, submit a 32 ms frame every
 * 32 ms (31.25 frames a second, phases spread over the period), through {@link SileroVad}'s batcher, for a warm-up
 * then a measured period. The frames are white noise at {@code -DnoiseDbfs} (default −40 dBFS, loud enough that
 * the noise-floor gate lets every frame through to the model; −57 is the harness's noise once resampled). Prints,
 * per stream count: the process's CPU and the silero-batch thread's CPU per frame (all frames, scored or gated),
 * the wait for a probability p50 / p95 / p99, the share of frames the model scored, and the mean batch.
 * <p>
 * Usage: {@code SileroLoad [streams ...]} (default 100 400); {@code -Dvad.model=PATH}, {@code -Dseconds=20},
 * {@code -Dwarmup=5}. Batcher settings under test come as the engine's system properties.
 */
public final class SileroLoad {
    private static final int FRAME = 512;
    private static final long PERIOD_NANOS = 32_000_000;

    private SileroLoad() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> counts = args.length == 0 ? List.of(100, 400)
                : Arrays.stream(args).map(Integer::parseInt).toList();
        int seconds = Integer.getInteger("seconds", 20);
        int warmup = Integer.getInteger("warmup", 5);
        Path model = Path.of(System.getProperty("vad.model", "models/silero/silero_vad.onnx"));
        try (SileroVad vad = SileroVad.load(model)) {
            System.out.printf("%8s %14s %14s %8s %8s %8s %8s %10s%n", "streams", "cpu us/frame", "batch us/frame",
                              "wait p50", "p95", "p99", "model %", "mean batch");
            for (int n : counts) {
                run(vad, n, warmup, seconds);
            }
        }
    }

    private static void run(SileroVad vad, int streams, int warmup, int seconds) throws InterruptedException {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long start = System.nanoTime();
        long measureFrom = start + TimeUnit.SECONDS.toNanos(warmup);
        long end = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
        long[][] waits = new long[streams][];
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int s = 0; s < streams; s++) {
                int id = s;
                pool.submit(() -> waits[id] = stream(vad, id, start + PERIOD_NANOS * id / streams, measureFrom, end));
            }
            Thread.sleep(TimeUnit.NANOSECONDS.toMillis(measureFrom - System.nanoTime()));
            long cpuBefore = os.getProcessCpuTime();
            long batchCpuBefore = batchThreadsCpu();
            SileroVad.ModelCounts c = vad.modelCounts();
            Thread.sleep(TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()));
            long cpu = os.getProcessCpuTime() - cpuBefore;
            long batchCpu = batchThreadsCpu() - batchCpuBefore;
            SileroVad.ModelCounts after = vad.modelCounts();
            long frames = after.frames() - c.frames();
            long runs = after.runs() - c.runs();
            pool.shutdown();
            pool.awaitTermination(10, TimeUnit.SECONDS);
            long[] all = Arrays.stream(waits).flatMapToLong(Arrays::stream).sorted().toArray();
            System.out.printf("%8d %14.1f %14.1f %8.2f %8.2f %8.2f %8.1f %10.1f%n", streams, cpu / 1e3 / all.length,
                              batchCpu / 1e3 / all.length, ms(all, 0.50), ms(all, 0.95), ms(all, 0.99),
                              100.0 * frames / all.length, frames / Math.max(1.0, runs));
        }
    }

    /** One stream's frames on schedule; returns the waits (ns) of the frames in the measured period. */
    private static long[] stream(SileroVad vad, int id, long first, long measureFrom, long end) {
        Random random = new Random(id);
        double sigma = Math.pow(10, Double.parseDouble(System.getProperty("noiseDbfs", "-40")) / 20);
        float[][] frames = new float[16][FRAME];
        for (float[] f : frames) {
            for (int i = 0; i < FRAME; i++) {
                f[i] = (float) (random.nextGaussian() * sigma);
            }
        }
        List<Long> waits = new ArrayList<>();
        try (VadStream stream = vad.open()) {
            for (long due = first, k = 0; due < end; due += PERIOD_NANOS, k++) {
                long now = System.nanoTime();
                if (due > now) {
                    LockSupport.parkNanos(due - now);
                }
                long t0 = System.nanoTime();
                stream.probability(frames[(int) (k % frames.length)]);
                if (t0 >= measureFrom) {
                    waits.add(System.nanoTime() - t0);
                }
            }
        }
        return waits.stream().mapToLong(Long::longValue).toArray();
    }

    private static long batchThreadsCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("silero-batch")) {
                sum += threads.getThreadCpuTime(info.getThreadId());
            }
        }
        return sum;
    }

    private static double ms(long[] sorted, double q) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, q * sorted.length)] / 1e6;
    }
}

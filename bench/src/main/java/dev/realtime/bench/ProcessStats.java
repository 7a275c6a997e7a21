package dev.realtime.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * CPU and peak resident memory of another process, from {@code /proc} (Linux): CPU as the change of
 * {@code utime + stime} over the wall time, RSS sampled every 250 ms.
 */
final class ProcessStats {
    private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux
    private final long pid;
    private final long startTicks;
    private final long startNanos;
    private final AtomicLong peakRssKb = new AtomicLong();
    private final Thread sampler;
    private volatile boolean running = true;

    record Result(double cpuPercent, double seconds, long peakRssKb) {
    }

    private ProcessStats(long pid) {
        this.pid = pid;
        this.startTicks = cpuTicks();
        this.startNanos = System.nanoTime();
        this.sampler = Thread.ofVirtual().start(() -> {
            while (running) {
                peakRssKb.accumulateAndGet(rssKb(pid), Math::max);
                LoadGen.at(System.nanoTime() + 250_000_000L);
            }
        });
    }

    static ProcessStats start(long pid) {
        return new ProcessStats(pid);
    }

    Result stop() throws InterruptedException {
        running = false;
        sampler.join();
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double cpuSeconds = (cpuTicks() - startTicks) / (double) TICKS_PER_SECOND;
        return new Result(100 * cpuSeconds / seconds, seconds, peakRssKb.get());
    }

    private long cpuTicks() {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/" + pid + "/stat", e);
        }
    }

    /** Resident memory of a process now, 0 when it is gone. */
    static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
            return 0;
        } catch (IOException e) {
            return 0;
        }
    }
}

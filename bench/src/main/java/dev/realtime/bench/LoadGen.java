package dev.realtime.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * N concurrent voice sessions against a running engine ({@link BenchEngine} on loopback): each streams the
 * {@code what-time.wav} fixture at real time in 20 ms appends with server VAD, then silence until its
 * {@code response.done} (at most 10 s). Reports valid turns (one {@code speech_stopped} after the speech really
 * ended, audio received, one response), the percentiles of end of speech → {@code speech_stopped} and → first
 * audio delta, and the engine process's CPU and peak RSS. Bounded: sessions start over the ramp, each ends by
 * itself.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.realtime.bench.LoadGen PORT PID SESSIONS [RAMP_MS [NOISE_DBFS]]</pre>
 * With {@code NOISE_DBFS} (e.g. −50) white noise is added to all the audio, as a microphone's noise floor: then
 * no frame is quiet enough for the VAD to skip the model.
 */
public final class LoadGen {
    private static final long CHUNK_NANOS = 20_000_000L;
    private static final Duration TAIL = Duration.ofSeconds(10);

    private LoadGen() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        long pid = Long.parseLong(args[1]);
        int n = Integer.parseInt(args[2]);
        long rampMs = args.length > 3 ? Long.parseLong(args[3]) : 2_000;
        double noiseDbfs = args.length > 4 ? Double.parseDouble(args[4]) : Double.NEGATIVE_INFINITY;
        Fixture fixture = Fixture.load(Path.of("src/test/resources/fixtures/what-time.wav"), noiseDbfs);
        List<byte[]> appends = LeanSocket.textFrames(fixture.appends());
        byte[] silence = LeanSocket.textFrame(fixture.silence());
        ProcessStats stats = ProcessStats.start(pid);
        long t0 = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
        List<SessionRun> runs = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            SessionRun run = new SessionRun(port, fixture, appends, silence,
                                            t0 + TimeUnit.MILLISECONDS.toNanos(rampMs * i / n));
            runs.add(run);
            threads.add(Thread.ofVirtual().name("load-" + i).start(run));
        }
        for (Thread t : threads) {
            t.join();
        }
        ProcessStats.Result process = stats.stop();
        report(n, rampMs, runs, process);
    }

    private static void report(int n, long rampMs, List<SessionRun> runs, ProcessStats.Result process) {
        List<Long> stopped = new ArrayList<>();
        List<Long> audio = new ArrayList<>();
        List<Long> late = new ArrayList<>();
        List<Long> engineShare = new ArrayList<>();
        int valid = 0;
        for (SessionRun r : runs) {
            if (r.valid()) {
                valid++;
                stopped.add(r.stoppedAfterSpeechEnd());
                audio.add(r.audioAfterSpeechEnd());
                late.add(r.lateNearStop());
                engineShare.add(r.stoppedAfterTriggerSent());
            }
        }
        System.out.printf("sessions=%d ramp=%d ms valid turns=%d (%.1f %%)%n", n, rampMs, valid, 100.0 * valid / n);
        Percentiles.print("end of speech -> speech_stopped", stopped);
        Percentiles.print("end of speech -> first audio delta", audio);
        Percentiles.print("generator lateness near the stop", late);
        Percentiles.print("stop frame's append sent -> stopped", engineShare);
        System.out.printf("engine cpu=%.0f %% of one core (avg over %.1f s), peak rss=%d MB%n",
                          process.cpuPercent(), process.seconds(), process.peakRssKb() / 1024);
        runs.stream().filter(r -> !r.valid()).limit(5).forEach(r -> System.out.println("invalid: " + r.why()));
    }

    /** Waits until the given instant. */
    static void at(long nanoTime) {
        long wait;
        while ((wait = nanoTime - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    static long chunkNanos() {
        return CHUNK_NANOS;
    }

    static Duration tail() {
        return TAIL;
    }
}

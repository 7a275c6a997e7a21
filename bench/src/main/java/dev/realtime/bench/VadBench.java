package dev.realtime.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import dev.realtime.vad.EnergyVad;
import dev.realtime.vad.SileroVad;
import dev.realtime.vad.TurnDetector;
import dev.realtime.vad.TurnEvent;
import dev.realtime.vad.TurnSettings;
import dev.realtime.vad.Vad;
import dev.realtime.vad.VadStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Per-frame cost of voice activity detection: one 512-sample (32 ms at 16 kHz) frame per operation.
 * The Silero benchmarks need the model: run {@code bin/fetch-silero} first, or pass {@code -Dvad.model=PATH}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class VadBench {

    static final int STREAMS = 8;
    static final int FRAMES = 64;

    /** A few seconds of speech-band test signal (tone bursts over noise), as frames. */
    @State(Scope.Benchmark)
    public static class Audio {
        final float[][] frames = new float[FRAMES][Vad.FRAME_SAMPLES];

        @Setup(Level.Trial)
        public void generate() {
            Random random = new Random(1);
            for (int f = 0; f < FRAMES; f++) {
                boolean burst = (f / 8) % 2 == 0;
                for (int i = 0; i < Vad.FRAME_SAMPLES; i++) {
                    double t = (f * Vad.FRAME_SAMPLES + i) / 16_000.0;
                    double voice = burst ? 0.3 * Math.sin(2 * Math.PI * 180 * t) * Math.sin(2 * Math.PI * 4 * t) : 0;
                    frames[f][i] = (float) (voice + 0.01 * random.nextGaussian());
                }
            }
        }
    }

    /** One Silero model and {@value #STREAMS} streams over it. */
    @State(Scope.Thread)
    public static class Silero {
        SileroVad vad;
        VadStream[] streams = new VadStream[STREAMS];
        int frame;
        int stream;

        @Setup(Level.Trial)
        public void load() {
            Path model = Path.of(System.getProperty("vad.model", "models/silero/silero_vad.onnx"));
            if (!Files.isRegularFile(model)) {
                throw new IllegalStateException("Silero model not found at " + model.toAbsolutePath()
                                                        + ": run bin/fetch-silero from the repository root");
            }
            vad = SileroVad.load(model);
            for (int i = 0; i < STREAMS; i++) {
                streams[i] = vad.open();
            }
        }

        @TearDown(Level.Trial)
        public void close() {
            for (VadStream s : streams) {
                s.close();
            }
            vad.close();
        }
    }

    /** An energy detector stream. */
    @State(Scope.Thread)
    public static class Energy {
        final VadStream stream = EnergyVad.create().open();
        int frame;
    }

    /** A turn detector fed a repeating talk/pause pattern. */
    @State(Scope.Thread)
    public static class Turns {
        final TurnDetector detector = TurnDetector.create(TurnSettings.serverVad());
        final float[] pattern = new float[128];
        long frame;

        @Setup(Level.Trial)
        public void pattern() {
            for (int i = 0; i < pattern.length; i++) {
                pattern[i] = i < 48 ? 0.95f : 0.02f;
            }
        }
    }

    @Benchmark
    public float sileroFrame(Silero silero, Audio audio) {
        return silero.streams[0].probability(audio.frames[silero.frame++ & (FRAMES - 1)]);
    }

    @Benchmark
    @OperationsPerInvocation(STREAMS)
    public float sileroEightStreamsRoundRobin(Silero silero, Audio audio) {
        float sum = 0;
        float[] frame = audio.frames[silero.frame++ & (FRAMES - 1)];
        for (VadStream stream : silero.streams) {
            sum += stream.probability(frame);
        }
        return sum;
    }

    @Benchmark
    public float energyFrame(Energy energy, Audio audio) {
        return energy.stream.probability(audio.frames[energy.frame++ & (FRAMES - 1)]);
    }

    @Benchmark
    public Optional<TurnEvent> turnDetectorFrame(Turns turns) {
        long n = turns.frame++;
        return turns.detector.onFrame(turns.pattern[(int) (n & 127)], n * TurnDetector.FRAME_MS);
    }
}

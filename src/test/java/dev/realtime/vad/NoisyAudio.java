package dev.realtime.vad;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import dev.realtime.audio.Resampler;
import dev.realtime.audio.SampleBuffer;

/**
 * Fixture audio with a microphone's noise floor, made the way the harness's load driver makes it
 * ({@code PEERBENCH_NOISE=A}): uniform noise in {@code [−A, A]} PCM16 units added to every sample, speech and
 * silence alike, rounded and clamped (A = 100 is about −55 dBFS); and the turn events the engine's path
 * ({@link VadFrames} then {@link TurnDetector}) gives for it.
 */
final class NoisyAudio {

    private NoisyAudio() {
    }

    /** A 16 kHz fixture from the test resources as PCM16 samples. */
    static short[] fixture(String resource) {
        try (InputStream in = NoisyAudio.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("fixture " + resource + " missing");
            }
            return pcm16(TestAudio.pcm16Wav(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static short[] pcm16(float[] samples) {
        short[] out = new short[samples.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (short) Math.clamp(Math.round(samples[i] * 32768f), -32768, 32767);
        }
        return out;
    }

    /** {@code seconds} of digital silence at {@code rate}. */
    static short[] silence(int rate, double seconds) {
        return new short[(int) (rate * seconds)];
    }

    static short[] concat(short[]... parts) {
        int n = 0;
        for (short[] p : parts) {
            n += p.length;
        }
        short[] out = new short[n];
        int pos = 0;
        for (short[] p : parts) {
            System.arraycopy(p, 0, out, pos, p.length);
            pos += p.length;
        }
        return out;
    }

    /** A copy with uniform noise of amplitude {@code amplitude} from {@code from} (sample index) on. */
    static short[] withNoise(short[] pcm, int amplitude, int from, long seed) {
        Random random = new Random(seed);
        short[] out = pcm.clone();
        for (int i = from; i < out.length; i++) {
            long v = out[i] + Math.round((random.nextDouble() * 2 - 1) * amplitude);
            out[i] = (short) Math.clamp(v, -32768, 32767);
        }
        return out;
    }

    /** The engine's resampler over the whole stream (e.g. 24 kHz client audio to the VAD's 16 kHz). */
    static short[] resample(short[] pcm, int fromRate, int toRate) {
        SampleBuffer out = SampleBuffer.create(pcm.length * toRate / fromRate + 64);
        Resampler.create(fromRate, toRate).process(pcm, 0, pcm.length, out);
        return out.toArray();
    }

    /** Result of running a stream's audio through VAD and turn detection. */
    record Run(List<TurnEvent> events, int frames) {
    }

    /** Pushes 16 kHz audio through {@link VadFrames} (20 ms at a time) and server VAD turn detection. */
    static Run turns(VadStream stream, short[] pcm16k) {
        VadFrames frames = new VadFrames(stream);
        TurnDetector detector = TurnDetector.create(TurnSettings.serverVad());
        List<TurnEvent> events = new ArrayList<>();
        int[] count = new int[1];
        int chunk = TestAudio.RATE / 50;
        for (int off = 0; off < pcm16k.length; off += chunk) {
            short[] piece = Arrays.copyOfRange(pcm16k, off, Math.min(pcm16k.length, off + chunk));
            frames.push(piece, piece.length, (p, startMs, voicedMs, f, n) -> {
                count[0]++;
                Optional<TurnEvent> e = detector.onFrame(p, startMs, voicedMs);
                e.ifPresent(events::add);
            });
        }
        frames.close();
        return new Run(events, count[0]);
    }
}

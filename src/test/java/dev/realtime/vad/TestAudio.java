package dev.realtime.vad;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Test audio: the flite fixture, synthetic signals, and helpers to run detectors over them. */
final class TestAudio {

    static final int RATE = 16_000;
    static final int FRAME = Vad.FRAME_SAMPLES;
    /** Level (about -50 dBFS) above which a fixture sample counts as the utterance (its onset and offset). */
    static final float SPEECH_LEVEL = 0.003f;

    private TestAudio() {
    }

    /** The Silero model, or a JUnit skip naming the fix when it has not been fetched. */
    static Path sileroModel() {
        Path model = Path.of(System.getProperty("vad.model", Vads.DEFAULT_MODEL.toString()));
        if (!Files.isRegularFile(model)) {
            String reason = "SKIPPED Silero VAD tests: model not found at " + model.toAbsolutePath()
                    + "; run bin/fetch-silero to enable them";
            System.err.println(reason);
            assumeTrue(false, reason);
        }
        return model;
    }

    /**
     * "The quick brown fox jumps over the lazy dog." by flite (voice slt, 16 kHz mono), padded with 1 s of
     * digital silence before and after; see src/test/resources/vad/README.md.
     */
    static float[] quickBrownFox() {
        try (InputStream in = TestAudio.class.getResourceAsStream("/vad/quick-brown-fox-16k.wav")) {
            if (in == null) {
                throw new IllegalStateException("fixture /vad/quick-brown-fox-16k.wav missing");
            }
            return pcm16Wav(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Samples of a 16-bit mono WAV file as floats. */
    static float[] pcm16Wav(byte[] wav) {
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        int pos = 12;
        while (pos + 8 <= wav.length) {
            int id = b.getInt(pos);
            int size = b.getInt(pos + 4);
            if (id == 0x61746164) { // "data"
                float[] out = new float[size / 2];
                for (int i = 0; i < out.length; i++) {
                    out[i] = b.getShort(pos + 8 + 2 * i) / 32768f;
                }
                return out;
            }
            pos += 8 + size + (size & 1);
        }
        throw new IllegalArgumentException("no data chunk");
    }

    /** Milliseconds of the first sample above {@link #SPEECH_LEVEL}. */
    static long onsetMs(float[] samples) {
        for (int i = 0; i < samples.length; i++) {
            if (Math.abs(samples[i]) > SPEECH_LEVEL) {
                return i * 1000L / RATE;
            }
        }
        throw new IllegalArgumentException("no speech");
    }

    /** Milliseconds just after the last sample above {@link #SPEECH_LEVEL}. */
    static long offsetMs(float[] samples) {
        for (int i = samples.length - 1; i >= 0; i--) {
            if (Math.abs(samples[i]) > SPEECH_LEVEL) {
                return (i + 1) * 1000L / RATE;
            }
        }
        throw new IllegalArgumentException("no speech");
    }

    static float[] whiteNoise(long seed, double seconds, double sigma) {
        Random random = new Random(seed);
        float[] out = new float[(int) (seconds * RATE)];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) Math.clamp(random.nextGaussian() * sigma, -1.0, 1.0);
        }
        return out;
    }

    static float[] tone(double hz, double seconds, double amplitude) {
        float[] out = new float[(int) (seconds * RATE)];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / RATE));
        }
        return out;
    }

    static float[] concat(float[]... parts) {
        int n = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        float[] out = new float[n];
        int pos = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, pos, p.length);
            pos += p.length;
        }
        return out;
    }

    /** Frame {@code index} (whole frames only). */
    static float[] frame(float[] samples, int index) {
        return Arrays.copyOfRange(samples, index * FRAME, (index + 1) * FRAME);
    }

    static int frames(float[] samples) {
        return samples.length / FRAME;
    }

    /** Probability of every whole frame, from a fresh stream. */
    static float[] probabilities(Vad vad, float[] samples) {
        try (VadStream stream = vad.open()) {
            return probabilities(stream, samples);
        }
    }

    static float[] probabilities(VadStream stream, float[] samples) {
        float[] p = new float[frames(samples)];
        for (int i = 0; i < p.length; i++) {
            p[i] = stream.probability(frame(samples, i));
        }
        return p;
    }

    /** Turn events of a probability sequence, frame {@code i} starting at {@code i * 32} ms. */
    static List<TurnEvent> turns(TurnDetector detector, float[] probabilities) {
        List<TurnEvent> events = new ArrayList<>();
        for (int i = 0; i < probabilities.length; i++) {
            detector.onFrame(probabilities[i], (long) i * TurnDetector.FRAME_MS).ifPresent(events::add);
        }
        return events;
    }
}

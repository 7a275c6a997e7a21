package dev.realtime.vad;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.realtime.vad.TestAudio.FRAME;
import static dev.realtime.vad.TestAudio.RATE;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;

/**
 * Silero behind the noise-floor gate: under a microphone's noise the model runs on the speech and not on the
 * noise around it, and the turns it finds are those of the ungated model within one frame. Skipped with a
 * reason when the model is not fetched.
 */
class NoiseGateTest {

    /** The harness's {@code PEERBENCH_NOISE=100}: about −55 dBFS. */
    private static final int NOISE = 100;

    private static SileroVad vad;

    @BeforeAll
    static void load() {
        vad = SileroVad.load(TestAudio.sileroModel());
    }

    @AfterAll
    static void close() {
        if (vad != null) {
            vad.close();
        }
    }

    @Test
    void noiseFramesDoNotReachTheModelWhileSpeechFramesDo() {
        short[] clean = NoisyAudio.concat(NoisyAudio.fixture("/vad/quick-brown-fox-16k.wav"),
                                          NoisyAudio.silence(RATE, 2));
        short[] noisy = NoisyAudio.withNoise(clean, NOISE, 0, 1);
        float[] fox = TestAudio.quickBrownFox();
        long onset = TestAudio.onsetMs(fox);
        long offset = TestAudio.offsetMs(fox);
        List<Long> gatedNoise = new ArrayList<>();
        int noiseFrames = 0;
        try (VadStream stream = vad.open()) {
            for (int i = 0; i < noisy.length / FRAME; i++) {
                long start = (long) i * TurnDetector.FRAME_MS;
                long before = vad.modelCounts().frames();
                stream.probability(TestAudio.frame(floats(noisy), i));
                boolean ran = vad.modelCounts().frames() - before == 1;
                if (start + TurnDetector.FRAME_MS > onset && start < offset + TurnDetector.FRAME_MS) {
                    // the speech, and the first frame after it: the model has not settled yet
                    assertThat("frame at " + start + " ms reached the model", ran, is(true));
                } else if (start >= TurnDetector.FRAME_MS * NoiseFloor.MIN_FRAMES && start < onset - 100
                        || start > offset + 500) {
                    noiseFrames++;
                    if (!ran) {
                        gatedNoise.add(start);
                    }
                }
            }
        }
        assertThat("noise frames answered without the model", gatedNoise.size(), is(noiseFrames));
    }

    @Test
    void turnsUnderNoiseAreThoseOfTheUngatedModelWithinAFrame() {
        Map<String, short[]> cases = new LinkedHashMap<>();
        for (String name : List.of("weather", "what-time", "kitchen-lights")) {
            short[] speech = NoisyAudio.fixture("/fixtures/" + name + ".wav");
            short[] pause = NoisyAudio.silence(RATE, 1.5);
            short[] twice = NoisyAudio.concat(pause, speech, pause, speech, pause);
            int fanAt = pause.length * 2 + speech.length - RATE / 2;
            cases.put(name + ", noise", NoisyAudio.withNoise(twice, NOISE, 0, 2));
            cases.put(name + ", quiet speech", NoisyAudio.withNoise(quieter(twice, 10), NOISE, 0, 3));
            cases.put(name + ", fan on", NoisyAudio.withNoise(NoisyAudio.withNoise(twice, 30, 0, 4), 240, fanAt, 5));
            short[] fanOff = NoisyAudio.withNoise(twice, 30, 0, 6);
            System.arraycopy(NoisyAudio.withNoise(twice, 270, 0, 7), 0, fanOff, 0, fanAt);
            cases.put(name + ", fan off", fanOff);
        }
        short[] fox24k = NoisyAudio.resample(NoisyAudio.fixture("/vad/quick-brown-fox-16k.wav"), RATE, 24_000);
        cases.put("fox, noise added at 24 kHz", NoisyAudio.resample(NoisyAudio.withNoise(fox24k, NOISE, 0, 8), 24_000,
                                                                    RATE));
        int gated = 0;
        int frames = 0;
        for (Map.Entry<String, short[]> c : cases.entrySet()) {
            NoisyAudio.Run ungated = NoisyAudio.turns(vad.open(new NoiseFloor(0, Double.NEGATIVE_INFINITY)),
                                                      c.getValue());
            long before = vad.modelCounts().frames();
            NoisyAudio.Run run = NoisyAudio.turns(vad.open(), c.getValue());
            gated += run.frames() - (int) (vad.modelCounts().frames() - before);
            frames += run.frames();
            assertThat(c.getKey(), ungated.events(), not(empty()));
            assertThat(c.getKey() + ": " + run.events() + " vs " + ungated.events(),
                       run.events().size(), is(ungated.events().size()));
            for (int i = 0; i < run.events().size(); i++) {
                TurnEvent a = run.events().get(i);
                TurnEvent b = ungated.events().get(i);
                assertThat(c.getKey() + ": " + a + " vs " + b, a.getClass() == b.getClass()
                        && Math.abs(timeMs(a) - timeMs(b)) <= TurnDetector.FRAME_MS, is(true));
            }
        }
        assertThat("frames answered without the model: " + gated + " of " + frames, gated, greaterThan(frames / 4));
        assertThat(gated, lessThanOrEqualTo(frames));
    }

    private static long timeMs(TurnEvent e) {
        return switch (e) {
            case TurnEvent.SpeechStarted s -> s.audioStartMs();
            case TurnEvent.SpeechStopped s -> s.audioEndMs();
            case TurnEvent.IdleTimeout t -> t.audioEndMs();
        };
    }

    private static short[] quieter(short[] pcm, int divisor) {
        short[] out = new short[pcm.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (short) (pcm[i] / divisor);
        }
        return out;
    }

    private static float[] floats(short[] pcm) {
        float[] out = new float[pcm.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = pcm[i] / 32768f;
        }
        return out;
    }
}

package dev.realtime.vad;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.realtime.vad.TestAudio.FRAME;
import static dev.realtime.vad.TestAudio.RATE;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Silero on real (flite) speech and on non-speech; skipped with a reason when the model is not fetched. */
class SileroVadTest {

    private static SileroVad vad;
    private static float[] fox;
    private static float[] foxProbabilities;

    @BeforeAll
    static void load() {
        vad = SileroVad.load(TestAudio.sileroModel());
        fox = TestAudio.quickBrownFox();
        foxProbabilities = TestAudio.probabilities(vad, fox);
    }

    @AfterAll
    static void close() {
        if (vad != null) {
            vad.close();
        }
    }

    @Test
    void detectsTheUtteranceInTheMiddleAndNotAtTheEdges() {
        long onset = TestAudio.onsetMs(fox);
        long offset = TestAudio.offsetMs(fox);
        assertThat(vad.name(), is("silero"));
        for (int i = 0; i < foxProbabilities.length; i++) {
            long start = (long) i * TurnDetector.FRAME_MS;
            if (start + TurnDetector.FRAME_MS <= onset || start >= offset + 300) {
                assertThat("silence frame at " + start + " ms", foxProbabilities[i], lessThan(0.1f));
            }
        }
        List<TurnEvent> events = TestAudio.turns(TurnDetector.create(TurnSettings.serverVad()), foxProbabilities);
        assertThat(events, contains(instanceOf(TurnEvent.SpeechStarted.class),
                                    instanceOf(TurnEvent.SpeechStopped.class)));
        long start = ((TurnEvent.SpeechStarted) events.get(0)).audioStartMs();
        long end = ((TurnEvent.SpeechStopped) events.get(1)).audioEndMs();
        // onset frame within one frame either side of the true onset, then the 300 ms prefix
        assertThat(start, greaterThanOrEqualTo(onset - 300 - TurnDetector.FRAME_MS));
        assertThat(start, lessThanOrEqualTo(onset - 300 + TurnDetector.FRAME_MS));
        // the model's probability trails the last sample by a few frames (recurrent state)
        assertThat(end, greaterThanOrEqualTo(offset - TurnDetector.FRAME_MS));
        assertThat(end, lessThanOrEqualTo(offset + 4 * TurnDetector.FRAME_MS));
    }

    @Test
    void carriesTheContextSamples() {
        // fed bare 512-sample frames (no 64-sample context) v6 answers ~0.00 over this utterance
        float max = 0;
        int speech = 0;
        int high = 0;
        for (int i = 0; i < foxProbabilities.length; i++) {
            long start = (long) i * TurnDetector.FRAME_MS;
            if (start >= TestAudio.onsetMs(fox) && start + TurnDetector.FRAME_MS <= TestAudio.offsetMs(fox)) {
                speech++;
                high += foxProbabilities[i] >= 0.5f ? 1 : 0;
                max = Math.max(max, foxProbabilities[i]);
            }
        }
        assertThat(max, greaterThan(0.95f));
        assertThat("speech frames at or above 0.5: " + high + " of " + speech, high, greaterThan(speech * 8 / 10));
    }

    @Test
    void rejectsWhiteNoiseAndATone() {
        for (float[] signal : List.of(TestAudio.whiteNoise(42, 3, 0.1), TestAudio.tone(440, 3, 0.3))) {
            float[] p = TestAudio.probabilities(vad, signal);
            int low = 0;
            for (float v : p) {
                low += v < 0.5f ? 1 : 0;
            }
            assertThat(low, greaterThanOrEqualTo(p.length * 95 / 100));
            assertThat(TestAudio.turns(TurnDetector.create(TurnSettings.serverVad()), p), is(empty()));
        }
    }

    @Test
    void streamsKeepTheirOwnState() {
        float[] noise = TestAudio.whiteNoise(7, fox.length / (double) RATE, 0.05);
        float[] noiseAlone = TestAudio.probabilities(vad, noise);
        try (VadStream a = vad.open(); VadStream b = vad.open()) {
            float[] pa = new float[foxProbabilities.length];
            float[] pb = new float[noiseAlone.length];
            for (int i = 0; i < pa.length; i++) {
                pa[i] = a.probability(TestAudio.frame(fox, i));
                pb[i] = b.probability(TestAudio.frame(noise, i));
            }
            assertArrayEquals(foxProbabilities, pa, 1e-5f);
            assertArrayEquals(noiseAlone, pb, 1e-5f);
        }
    }

    @Test
    void streamsRunConcurrentlyOnOneSession() throws Exception {
        float[] noise = TestAudio.whiteNoise(9, fox.length / (double) RATE, 0.05);
        float[] noiseAlone = TestAudio.probabilities(vad, noise);
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Future<float[]> pa = pool.submit(() -> TestAudio.probabilities(vad, fox));
            Future<float[]> pb = pool.submit(() -> TestAudio.probabilities(vad, noise));
            assertArrayEquals(foxProbabilities, pa.get(), 1e-5f);
            assertArrayEquals(noiseAlone, pb.get(), 1e-5f);
        }
    }

    @Test
    void silentFramesAreAnsweredWithoutTheModel() {
        SileroVad.ModelCounts before = vad.modelCounts();
        float[] faint = TestAudio.whiteNoise(3, 1, 0.0001);
        try (VadStream stream = vad.open()) {
            for (float[] signal : List.of(new float[RATE], faint)) {
                for (float p : TestAudio.probabilities(stream, signal)) {
                    assertThat(p, is(0f));
                }
            }
            float[] p = TestAudio.probabilities(stream, TestAudio.whiteNoise(4, 1, 0.01));
            assertThat(vad.modelCounts().frames() - before.frames(), is((long) p.length));
        }
    }

    @Test
    void concurrentStreamsShareModelRunsAndKeepTheirState() throws Exception {
        int streams = 16;
        SileroVad.ModelCounts before = vad.modelCounts();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<float[]>> results = new ArrayList<>();
            for (int i = 0; i < streams; i++) {
                results.add(pool.submit(() -> TestAudio.probabilities(vad, fox)));
            }
            for (Future<float[]> r : results) {
                assertArrayEquals(foxProbabilities, r.get(), 1e-4f);
            }
        }
        SileroVad.ModelCounts after = vad.modelCounts();
        long frames = after.frames() - before.frames();
        long runs = after.runs() - before.runs();
        assertThat("frames " + frames + " in " + runs + " runs", runs, lessThan(frames));
    }

    @Test
    void resetStartsAfresh() {
        try (VadStream stream = vad.open()) {
            TestAudio.probabilities(stream, TestAudio.tone(200, 1, 0.5));
            stream.reset();
            assertArrayEquals(foxProbabilities, TestAudio.probabilities(stream, fox), 1e-5f);
        }
    }

    @Test
    void refusesWrongFrameSizesAndUseAfterClose() {
        VadStream stream = vad.open();
        assertThrows(IllegalArgumentException.class, () -> stream.probability(new float[FRAME - 1]));
        stream.close();
        stream.close();
        assertThrows(VadException.class, () -> stream.probability(new float[FRAME]));
    }
}

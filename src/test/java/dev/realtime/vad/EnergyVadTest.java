package dev.realtime.vad;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

class EnergyVadTest {

    private final EnergyVad vad = EnergyVad.create();

    @Test
    void silenceIsNotSpeech() {
        assertThat(vad.name(), is("energy"));
        for (float p : TestAudio.probabilities(vad, new float[TestAudio.RATE * 2])) {
            assertThat(p, is(0f));
        }
    }

    @Test
    void loudSpeechIsSpeechAndItsPaddingIsNot() {
        float[] fox = TestAudio.quickBrownFox();
        assertSpeechInTheMiddle(fox, TestAudio.probabilities(vad, fox));
    }

    @Test
    void steadyLowNoiseFadesOnceTheFloorAdapts() {
        float[] signal = TestAudio.concat(new float[TestAudio.RATE], TestAudio.whiteNoise(3, 5, 0.01));
        float[] p = TestAudio.probabilities(vad, signal);
        int noiseStart = TestAudio.RATE / TestAudio.FRAME + 1;
        assertThat("a sudden noise step first reads as speech", p[noiseStart], greaterThan(0.9f));
        for (int i = p.length - 2 * TestAudio.RATE / TestAudio.FRAME; i < p.length; i++) {
            assertThat("frame " + i + " after 3 s of noise", p[i], lessThan(0.2f));
        }
    }

    @Test
    void noiseFromTheStartIsNeverSpeechButSpeechOverItIs() {
        float[] noise = TestAudio.whiteNoise(5, 4.965, 0.003);
        float[] fox = TestAudio.quickBrownFox();
        float[] mixed = new float[fox.length];
        for (int i = 0; i < fox.length; i++) {
            mixed[i] = fox[i] + noise[i];
        }
        float[] noiseOnly = TestAudio.probabilities(vad, noise);
        for (float p : noiseOnly) {
            assertThat(p, lessThan(0.2f));
        }
        assertSpeechInTheMiddle(fox, TestAudio.probabilities(vad, mixed));
    }

    @Test
    void mapsTheMarginOverTheFloorToAProbability() {
        assertThat((double) EnergyVad.probability(-30, -40), closeTo(0.5, 1e-6));
        assertThat((double) EnergyVad.probability(-25, -40), closeTo(0.881, 1e-3));
        assertThat((double) EnergyVad.probability(-35, -40), closeTo(0.119, 1e-3));
        assertThat("quieter than -55 dBFS is never speech", EnergyVad.probability(-56, -90), is(0f));
        assertThat(EnergyVad.levelDb(TestAudio.tone(1000, 0.032, 1.0)), closeTo(-3.01, 0.05));
    }

    private static void assertSpeechInTheMiddle(float[] fox, float[] p) {
        long onset = TestAudio.onsetMs(fox);
        long offset = TestAudio.offsetMs(fox);
        int speech = 0;
        int high = 0;
        for (int i = 0; i < p.length; i++) {
            long start = (long) i * TurnDetector.FRAME_MS;
            if (start + TurnDetector.FRAME_MS <= onset || start >= offset) {
                assertThat("padding frame at " + start + " ms", p[i], lessThan(0.1f));
            } else if (start >= onset && start + TurnDetector.FRAME_MS <= offset) {
                speech++;
                high += p[i] > 0.5f ? 1 : 0;
            }
        }
        // the gaps between words are quiet, so not every frame of the utterance is above 0.5
        assertThat("speech frames above 0.5: " + high + " of " + speech, high, greaterThan(speech * 2 / 3));
        List<TurnEvent> events = TestAudio.turns(TurnDetector.create(TurnSettings.serverVad()), p);
        assertThat(events, contains(instanceOf(TurnEvent.SpeechStarted.class),
                                    instanceOf(TurnEvent.SpeechStopped.class)));
        long start = ((TurnEvent.SpeechStarted) events.get(0)).audioStartMs();
        long end = ((TurnEvent.SpeechStopped) events.get(1)).audioEndMs();
        assertThat(start, greaterThanOrEqualTo(onset - 300 - TurnDetector.FRAME_MS));
        assertThat(start, lessThanOrEqualTo(onset - 300 + TurnDetector.FRAME_MS));
        // the utterance ends on a quiet consonant that energy alone misses
        assertThat(end, greaterThanOrEqualTo(offset - 4 * TurnDetector.FRAME_MS));
        assertThat(end, lessThanOrEqualTo(offset + TurnDetector.FRAME_MS));
    }
}

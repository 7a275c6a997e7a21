package dev.realtime.vad;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

class SemanticSilenceTest {

    @Test
    void plainlyUnfinishedTranscripts() {
        for (String text : List.of("turn on the", "I want to", "and", "AND", "so um", "coffee or", "because  ",
                                   "well,", "first;", "the list:", "I was thinking...", "I was thinking…",
                                   "(salt and)", "the kind of", "with", "uh")) {
            assertThat("'" + text + "'", SemanticSilence.unfinished(text), is(true));
        }
    }

    @Test
    void finishedOrUnknownTranscripts() {
        for (String text : List.of("Turn on the lights.", "What about you?", "Stop!", "", "   ",
                                   "turn on the lights", "The and.", "is it yours?\"", "brand", "thank you", "1.5")) {
            assertThat("'" + text + "'", SemanticSilence.unfinished(text), is(false));
        }
    }

    @Test
    void eagernessSetsBaseAndMaxWait() {
        assertThat(SemanticSilence.requiredMs("high", "Done."), is(250));
        assertThat(SemanticSilence.requiredMs("high", "and"), is(2_000));
        assertThat(SemanticSilence.requiredMs("medium", "Done."), is(500));
        assertThat(SemanticSilence.requiredMs("auto", "and"), is(4_000));
        assertThat(SemanticSilence.requiredMs("low", "Done."), is(800));
        assertThat(SemanticSilence.requiredMs("low", "and"), is(8_000));
    }

    @Test
    void detectorWaitsLongerForAnUnfinishedSentence() {
        TurnDetector detector = TurnDetector.create(TurnSettings.semanticVad("high"));
        TurnDetectorTest.run(detector, TurnDetectorTest.seq(0.9, 10)); // speech until 320 ms
        detector.transcriptHint("could you turn on the");
        assertThat(detector.requiredSilenceMs(), is(2_000));
        assertThat("no stop before 2 s", TurnDetectorTest.run(detector, TurnDetectorTest.seq(0, 60), 10).size(), is(0));
        assertThat(detector.onFrame(0f, 320 + 2_000 - 32), is(Optional.of(new TurnEvent.SpeechStopped(320))));
    }

    @Test
    void aFinishedHintEndsTheTurnOnTheNextFrame() {
        TurnDetector detector = TurnDetector.create(TurnSettings.semanticVad("auto"));
        TurnDetectorTest.run(detector, TurnDetectorTest.seq(0.9, 10));
        detector.transcriptHint("could you turn on the");
        for (int i = 10; i < 40; i++) {
            assertThat(detector.onFrame(0f, i * 32L), is(Optional.empty()));
        }
        detector.transcriptHint("could you turn on the lights?");
        assertThat(detector.onFrame(0f, 40 * 32L), is(Optional.of(new TurnEvent.SpeechStopped(320))));
    }

    @Test
    void theHintIsForgottenWhenTheNextTurnStarts() {
        TurnDetector detector = TurnDetector.create(TurnSettings.semanticVad("medium"));
        TurnDetectorTest.run(detector, TurnDetectorTest.seq(0.9, 10));
        detector.transcriptHint("and");
        detector.onFrame(0f, 320 + 4_000);
        assertThat(detector.inSpeech(), is(false));
        detector.onFrame(0.9f, 10_000);
        detector.onFrame(0.9f, 10_032);
        assertThat(detector.requiredSilenceMs(), is(500));
    }

    @Test
    void serverVadIgnoresTheTranscript() {
        TurnDetector detector = TurnDetector.create(TurnSettings.serverVad());
        detector.transcriptHint("and");
        assertThat(detector.requiredSilenceMs(), is(500));
    }
}

package dev.realtime.vad;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TurnDetectorTest {

    private static final TurnSettings DEFAULTS = TurnSettings.serverVad(); // 0.5, 300 ms, 500 ms

    /** An event and the index of the frame (starting at index × 32 ms) that produced it. */
    record Hit(int frame, TurnEvent event) {
    }

    @Test
    void reportsStartAndStopAtExactTimes() {
        // frames 20..29 speech: onset 640 ms, last speech frame ends 960 ms
        List<Hit> hits = run(TurnDetector.create(DEFAULTS), seq(0, 20, 0.9, 10, 0, 30));
        assertThat(hits, contains(
                new Hit(21, new TurnEvent.SpeechStarted(640 - 300)),
                // 500 ms of silence after 960 ms: the frame ending at 1472 (start 1440 = frame 45)
                new Hit(45, new TurnEvent.SpeechStopped(960))));
    }

    @Test
    void silenceCountsFromWhereTheSoundEndsNotFromWhereTheModelTrailsOff() {
        TurnDetector detector = TurnDetector.create(DEFAULTS);
        List<Hit> hits = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            boolean speech = i >= 20 && i < 30;
            // the sound ends 12 ms into frame 27; the model still says speech for frames 28 and 29
            int voiced = i < 27 ? 32 : i == 27 ? 12 : 0;
            int frame = i;
            detector.onFrame(speech ? 0.9f : 0f, i * 32L, speech ? voiced : 0)
                    .ifPresent(e -> hits.add(new Hit(frame, e)));
        }
        long end = 27 * 32 + 12;
        // first silence frame ending at least 500 ms after 876 ms: the one ending at 1376 ms (frame 42)
        assertThat(hits, contains(new Hit(21, new TurnEvent.SpeechStarted(640 - 300)),
                                  new Hit(42, new TurnEvent.SpeechStopped(end))));
    }

    @Test
    void prefixPaddingNeverGoesBeforeZero() {
        List<Hit> hits = run(TurnDetector.create(DEFAULTS), seq(0, 2, 0.9, 5, 0, 20));
        assertThat(hits.getFirst(), is(new Hit(3, new TurnEvent.SpeechStarted(0))));
    }

    @Test
    void oneFrameBlipsAreNotTurns() {
        assertThat(run(TurnDetector.create(DEFAULTS), seq(0, 5, 0.9, 1, 0, 5, 1.0, 1, 0.2, 1, 0.9, 1, 0, 30)),
                   is(empty()));
    }

    @Test
    void hysteresisKeepsATurnAliveJustBelowTheThreshold() {
        // 0.4 >= 0.5 - 0.15 is still speech; 0.34 is silence
        List<Hit> kept = run(TurnDetector.create(DEFAULTS), seq(0.9, 5, 0.4, 30, 0, 20));
        assertThat(kept.get(1), is(new Hit(35 + 15, new TurnEvent.SpeechStopped(35 * 32))));
        List<Hit> ended = run(TurnDetector.create(DEFAULTS), seq(0.9, 5, 0.34, 30));
        assertThat(ended.get(1), is(new Hit(5 + 15, new TurnEvent.SpeechStopped(5 * 32))));
        assertThat("0.4 does not start a turn", run(TurnDetector.create(DEFAULTS), seq(0.4, 20)), is(empty()));
    }

    @Test
    void exactlyOneStartAndOneStopPerTurn() {
        float[] p = seq(0, 10, 0.9, 20, 0.1, 3, 0.9, 10, 0, 40, 0.8, 8, 0, 40);
        List<TurnEvent> events = run(TurnDetector.create(DEFAULTS), p).stream().map(Hit::event).toList();
        assertThat(events.stream().map(e -> e.getClass().getSimpleName()).toList(),
                   contains("SpeechStarted", "SpeechStopped", "SpeechStarted", "SpeechStopped"));
    }

    @Test
    void silenceDurationDecidesWhetherAPauseEndsTheTurn() {
        float[] pause400 = seq(0.9, 10, 0, 12, 0.9, 10, 0, 40); // 12 frames = 384 ms of pause
        assertThat(run(TurnDetector.create(DEFAULTS), pause400).size(), is(2));
        TurnSettings short300 = new TurnSettings(0.5, 300, 300, OptionalInt.empty(), false, "auto");
        assertThat(run(TurnDetector.create(short300), pause400).size(), is(4));
    }

    @Test
    void updateAppliesFromTheNextFrame() {
        TurnDetector detector = TurnDetector.create(DEFAULTS);
        List<Hit> hits = new ArrayList<>(run(detector, seq(0.9, 10, 0, 10)));
        assertThat(detector.inSpeech(), is(true));
        detector.update(new TurnSettings(0.5, 300, 200, OptionalInt.empty(), false, "auto"));
        // 320 ms of silence already passed: the next silent frame ends the turn
        assertThat(detector.onFrame(0f, 320 + 320), is(Optional.of(new TurnEvent.SpeechStopped(320))));
        assertThat(hits.size(), is(1));
    }

    @Test
    void thresholdDecidesWhatIsSpeech() {
        float[] p = seq(0, 5, 0.6, 10, 0, 30);
        assertThat(run(TurnDetector.create(DEFAULTS), p).size(), is(2));
        TurnSettings strict = new TurnSettings(0.7, 300, 500, OptionalInt.empty(), false, "auto");
        assertThat(run(TurnDetector.create(strict), p), is(empty()));
    }

    @Test
    void nextTurnDoesNotStartBeforeThePreviousEnded() {
        // OpenAI's live default: silence 200 ms < prefix 300 ms
        TurnSettings live = new TurnSettings(0.5, 300, 200, OptionalInt.empty(), false, "auto");
        List<Hit> hits = run(TurnDetector.create(live), seq(0.9, 10, 0, 7, 0.9, 10, 0, 10));
        assertThat(hits.get(1).event(), is(new TurnEvent.SpeechStopped(320)));
        assertThat(hits.get(2).event(), is(new TurnEvent.SpeechStarted(320)));
    }

    @Test
    void idleTimeoutFiresOnceAfterTheTurn() {
        TurnSettings idle = new TurnSettings(0.5, 300, 500, OptionalInt.of(1000), false, "auto");
        List<Hit> hits = run(TurnDetector.create(idle), seq(0.9, 10, 0, 200));
        // turn ends at 320 ms; 1000 ms later the frame ending at 1344 (start 1312 = frame 41)
        assertThat(hits, contains(new Hit(1, new TurnEvent.SpeechStarted(0)),
                                  new Hit(25, new TurnEvent.SpeechStopped(320)),
                                  new Hit(41, new TurnEvent.IdleTimeout(320, 1344))));
    }

    @Test
    void idleTimeoutFollowsTheSessionsArmingAndSpeech() {
        TurnSettings idle = new TurnSettings(0.5, 300, 500, OptionalInt.of(640), false, "auto");
        TurnDetector detector = TurnDetector.create(idle);
        assertThat("not armed before any turn or response", run(detector, seq(0, 100)), is(empty()));
        detector.armIdleTimeout(3200);
        assertThat(detector.onFrame(0f, 3200 + 576), is(Optional.empty()));
        assertThat(detector.onFrame(0f, 3200 + 608).orElseThrow(), is(new TurnEvent.IdleTimeout(3200, 3840)));
        detector.armIdleTimeout(4000);
        detector.cancelIdleTimeout();
        assertThat(detector.onFrame(0f, 9000), is(Optional.empty()));
        detector.armIdleTimeout(10_000);
        detector.onFrame(0.9f, 10_000);
        detector.onFrame(0.9f, 10_032);
        assertThat("a turn after the armed time keeps its prefix", detector.speechStartMs(), is(OptionalLong.of(9700)));
    }

    @Test
    void resetForgetsTheTurn() {
        TurnDetector detector = TurnDetector.create(DEFAULTS);
        run(detector, seq(0.9, 5));
        detector.reset();
        assertThat(detector.inSpeech(), is(false));
        assertThat(detector.speechStartMs(), is(OptionalLong.empty()));
        assertThat(run(detector, seq(0, 40)), is(empty()));
    }

    @Test
    void settingsAreValidated() {
        assertThrows(IllegalArgumentException.class,
                     () -> new TurnSettings(1.5, 300, 500, OptionalInt.empty(), false, "auto"));
        assertThrows(IllegalArgumentException.class,
                     () -> new TurnSettings(0.5, -1, 500, OptionalInt.empty(), false, "auto"));
        assertThrows(IllegalArgumentException.class,
                     () -> new TurnSettings(0.5, 300, 500, OptionalInt.of(0), false, "auto"));
        assertThrows(IllegalArgumentException.class, () -> TurnSettings.semanticVad("eager"));
    }

    /** Probabilities from (value, frame count) pairs. */
    static float[] seq(double... pairs) {
        int n = 0;
        for (int i = 1; i < pairs.length; i += 2) {
            n += (int) pairs[i];
        }
        float[] out = new float[n];
        int pos = 0;
        for (int i = 0; i < pairs.length; i += 2) {
            for (int k = 0; k < (int) pairs[i + 1]; k++) {
                out[pos++] = (float) pairs[i];
            }
        }
        return out;
    }

    static List<Hit> run(TurnDetector detector, float[] probabilities) {
        return run(detector, probabilities, 0);
    }

    /** Feeds the probabilities as frames {@code firstFrame, firstFrame + 1, ...}. */
    static List<Hit> run(TurnDetector detector, float[] probabilities, int firstFrame) {
        List<Hit> hits = new ArrayList<>();
        for (int i = 0; i < probabilities.length; i++) {
            int frame = firstFrame + i;
            detector.onFrame(probabilities[i], (long) frame * TurnDetector.FRAME_MS)
                    .ifPresent(e -> hits.add(new Hit(frame, e)));
        }
        return hits;
    }
}

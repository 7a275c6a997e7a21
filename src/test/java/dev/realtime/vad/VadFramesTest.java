package dev.realtime.vad;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;

class VadFramesTest {

    /** A detector stream that records what it is asked. */
    private static final class RecordingStream implements VadStream {
        private final List<Float> firstSamples = new ArrayList<>();
        private int resets;

        @Override
        public float probability(float[] frame) {
            firstSamples.add(frame[0]);
            return 0.5f;
        }

        @Override
        public void reset() {
            resets++;
        }

        @Override
        public void close() {
        }
    }

    private static short[] samples(int count, int value) {
        short[] s = new short[count];
        Arrays.fill(s, (short) value);
        return s;
    }

    private static List<Short> replay(VadFrames frames, long fromMs) {
        List<Short> out = new ArrayList<>();
        frames.replaySince(fromMs, (s, n) -> {
            for (int i = 0; i < n; i++) {
                out.add(s[i]);
            }
        });
        return out;
    }

    @Test
    void resetForgetsTheDetectorsStateAndReplaysNothingFromBeforeIt() {
        RecordingStream stream = new RecordingStream();
        VadFrames frames = new VadFrames(stream);
        frames.push(samples(2 * Vad.FRAME_SAMPLES, 1), 2 * Vad.FRAME_SAMPLES, (p, at, voiced, f, n) -> { });
        frames.reset();
        frames.push(samples(Vad.FRAME_SAMPLES, 2), Vad.FRAME_SAMPLES, (p, at, voiced, f, n) -> { });

        assertThat(stream.resets, is(1));
        List<Short> replayed = replay(frames, 0);
        assertThat(replayed.size(), is(Vad.FRAME_SAMPLES));
        assertThat(replayed, everyItem(is((short) 2)));
    }

    @Test
    void resetDropsAPartFrameAndTheClockKeepsRunning() {
        RecordingStream stream = new RecordingStream();
        VadFrames frames = new VadFrames(stream);
        List<Long> starts = new ArrayList<>();
        frames.push(samples(160, 1000), 160, (p, at, voiced, f, n) -> starts.add(at));
        frames.reset();
        frames.push(samples(Vad.FRAME_SAMPLES, 2000), Vad.FRAME_SAMPLES, (p, at, voiced, f, n) -> starts.add(at));

        // 160 samples at 16 kHz are 10 ms: the first frame after the reset starts there, holding only new audio
        assertThat(starts, contains(10L));
        assertThat(stream.firstSamples, contains(2000 / 32768f));
    }

    @Test
    void theHistoryReplaysTheLastTwoSecondsInOrderAcrossTheRingsWrap() {
        VadFrames frames = new VadFrames(new RecordingStream());
        int total = 5 * VadFrames.HISTORY_MS * 16 / 4; // 2.5 s: the ring of 2 s has wrapped once, mid-frame
        short[] ramp = new short[total];
        for (int i = 0; i < total; i++) {
            ramp[i] = (short) i;
        }
        for (int at = 0; at < total; at += 320) { // 20 ms pushes, as the session feeds them
            frames.push(Arrays.copyOfRange(ramp, at, Math.min(total, at + 320)), Math.min(320, total - at),
                        (p, start, voiced, f, n) -> { });
        }
        int framed = total / Vad.FRAME_SAMPLES * Vad.FRAME_SAMPLES; // a part frame is not in the history yet
        List<Short> replayed = replay(frames, 0);
        assertThat(replayed.size(), is(VadFrames.HISTORY_MS * 16));
        for (int k = 0; k < replayed.size(); k++) {
            assertThat(replayed.get(k), is((short) (framed - replayed.size() + k)));
        }
    }
}

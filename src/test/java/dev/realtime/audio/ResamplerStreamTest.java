package dev.realtime.audio;

import java.util.Random;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

class ResamplerStreamTest {

    private static final int[][] PAIRS = {{24000, 16000}, {8000, 16000}, {16000, 24000}, {24000, 8000},
                                          {16000, 8000}, {8000, 24000}, {24000, 24000}};

    @TestFactory
    Stream<DynamicTest> anyChunkingGivesTheSameOutputAsOneCall() {
        Stream<DynamicTest> listening = Stream.concat(Stream.of(PAIRS), Stream.<int[]>of(new int[] {22050, 24000}))
                .map(c -> dynamicTest(c[0] + "->" + c[1],
                                      () -> chunkingMatches(c[0], c[1], Resampler.Quality.LISTENING)));
        Stream<DynamicTest> speech = Stream.of(new int[][] {{24000, 16000}, {8000, 16000}})
                .map(c -> dynamicTest("speech " + c[0] + "->" + c[1],
                                      () -> chunkingMatches(c[0], c[1], Resampler.Quality.SPEECH)));
        return Stream.concat(listening, speech);
    }

    @TestFactory
    Stream<DynamicTest> sixtySecondsInTwentyMillisecondChunksDropAndRepeatNothing() {
        return Stream.of(PAIRS).map(c -> dynamicTest(c[0] + "->" + c[1], () -> countsExactly(c[0], c[1])));
    }

    private static void chunkingMatches(int from, int to, Resampler.Quality quality) {
        short[] in = Signals.noisyTones(from, from * 3 / 2 + 7, 42);
        short[] whole = Signals.resampleAll(Resampler.create(from, to, quality), in);

        Random random = new Random(from * 31L + to);
        int[] fixed = {1, 160, 480, 1, 3, 961, 2, 5000};
        Resampler chunked = Resampler.create(from, to, quality);
        SampleBuffer out = SampleBuffer.create(16);
        int pos = 0;
        for (int k = 0; pos < in.length; k++) {
            int n = Math.min(in.length - pos, k < fixed.length ? fixed[k] : random.nextInt(3000));
            chunked.process(in, pos, n, out);
            pos += n;
        }
        assertArrayEquals(whole, out.toArray());
    }

    private static void countsExactly(int from, int to) {
        Resampler resampler = Resampler.create(from, to);
        short[] chunk = Signals.sine(from, 440, 8000, from / 50);
        SampleBuffer out = SampleBuffer.create(to / 50 + 1);
        long produced = 0;
        for (int i = 1; i <= 3000; i++) {
            produced += resampler.process(chunk, 0, chunk.length, out);
            out.clear();
            long inputs = (long) i * chunk.length;
            long exact = (inputs * to + from - 1) / from;
            assertThat(produced, is(exact));
        }
        assertThat(resampler.inputSamples(), is(60L * from));
        assertThat(resampler.outputSamples(), is(60L * to));
        assertThat(produced, is(60L * to));
    }

    @Test
    void oddRatioKeepsTheCountRuleOnOddChunks() {
        Resampler resampler = Resampler.create(22050, 24000);
        short[] chunk = new short[441];
        SampleBuffer out = SampleBuffer.create(0);
        long produced = 0;
        for (int i = 1; i <= 200; i++) {
            produced += resampler.process(chunk, 0, i % 2 == 0 ? chunk.length : 13, out);
            out.clear();
            long floor = resampler.inputSamples() * 24000 / 22050;
            assertThat(produced - floor <= 1 && produced >= floor, is(true));
        }
    }

    @Test
    void equalRatesCopyWithoutDelay() {
        Resampler resampler = Resampler.create(24000, 24000);
        short[] in = Signals.noisyTones(24000, 1000, 7);
        assertArrayEquals(in, Signals.resampleAll(resampler, in));
        assertThat(resampler.delay(), is(0));
    }

    @Test
    void resetStartsAFreshStream() {
        short[] in = Signals.noisyTones(24000, 4800, 3);
        Resampler resampler = Resampler.create(24000, 16000);
        short[] first = Signals.resampleAll(resampler, in);
        resampler.reset();
        assertArrayEquals(first, Signals.resampleAll(resampler, in));
        assertThat(resampler.outputSamples(), is(3200L));
    }

    @Test
    void rejectsRatesThatAreNotPositive() {
        assertThrows(AudioException.class, () -> Resampler.create(0, 16000));
        assertThrows(AudioException.class, () -> Resampler.create(16000, -8000));
    }
}

package dev.realtime.audio;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

class ResamplerSpectrumTest {

    private static final double AMPLITUDE = 16000;
    private static final int[][] PAIRS = {{24000, 16000}, {8000, 16000}, {16000, 24000}, {24000, 8000},
                                          {16000, 8000}, {8000, 24000}, {24000, 24000}};

    @TestFactory
    Stream<DynamicTest> passBandKeepsFrequencyLevelAndPurity() {
        int[][] cases = {{24000, 16000, 440}, {24000, 16000, 3000}, {24000, 16000, 6000}, {8000, 16000, 1000},
                         {8000, 16000, 3000}, {16000, 24000, 1000}, {16000, 24000, 6000}, {24000, 8000, 440},
                         {24000, 8000, 3000}, {16000, 8000, 1000}, {8000, 24000, 1000}, {8000, 24000, 3000},
                         {24000, 24000, 1000}};
        return Stream.of(cases).map(c -> dynamicTest(c[0] + "->" + c[1] + " " + c[2] + " Hz", () -> {
            int to = c[1];
            short[] out = settled(c[0], to, c[2]);
            double level = Signals.amplitude(out, 0, out.length, to, c[2]);
            assertThat("level in dB", Signals.db(level / AMPLITUDE), closeTo(0, 0.1));
            for (int offset : new int[] {-2, -1, 1, 2}) {
                double beside = Signals.amplitude(out, 0, out.length, to, c[2] + offset);
                assertThat("peak at the tone, not " + offset + " Hz off", beside, lessThan(level / 100));
            }
            double residual = Signals.residualRms(out, 0, out.length, to, c[2]);
            assertThat("images, aliases and noise in dB", Signals.db(residual / (level / Math.sqrt(2))),
                       lessThan(-60.0));
        }));
    }

    @TestFactory
    Stream<DynamicTest> stopBandIsAttenuatedBeforeItAliases() {
        int[][] cases = {{24000, 16000, 8200}, {24000, 16000, 9000}, {24000, 16000, 10000}, {24000, 16000, 11500},
                         {24000, 8000, 4200}, {24000, 8000, 5000}, {24000, 8000, 10000}, {16000, 8000, 4300},
                         {16000, 8000, 7000}};
        return Stream.of(cases).map(c -> dynamicTest(c[0] + "->" + c[1] + " " + c[2] + " Hz", () -> {
            short[] in = Signals.sine(c[0], c[2], AMPLITUDE, c[0] + c[0] / 4);
            short[] out = Signals.resampleAll(Resampler.create(c[0], c[1]), in);
            int skip = c[1] / 8;
            double inRms = Signals.rms(in, 0, in.length);
            double outRms = Signals.rms(out, skip, out.length - skip);
            assertThat("alias level in dB", Signals.db(outRms / inRms), lessThan(-60.0));
        }));
    }

    @TestFactory
    Stream<DynamicTest> upsamplingSuppressesImages() {
        int[][] cases = {{8000, 16000, 1000, 7000}, {8000, 16000, 3000, 5000}, {8000, 24000, 1000, 7000},
                         {8000, 24000, 1000, 9000}, {16000, 24000, 1000, 15000}, {16000, 24000, 6000, 10000}};
        return Stream.of(cases).map(c -> dynamicTest(c[0] + "->" + c[1] + " " + c[2] + " Hz", () -> {
            short[] out = settled(c[0], c[1], c[2]);
            double tone = Signals.amplitude(out, 0, out.length, c[1], c[2]);
            double mirror = Signals.amplitude(out, 0, out.length, c[1], c[3]);
            assertThat("image at " + c[3] + " Hz in dB", Signals.db(mirror / tone), lessThan(-60.0));
        }));
    }

    @TestFactory
    Stream<DynamicTest> impulseComesOutAfterTheDocumentedDelay() {
        return Stream.of(PAIRS).map(c -> dynamicTest(c[0] + "->" + c[1], () -> {
            int from = c[0];
            int to = c[1];
            Resampler resampler = Resampler.create(from, to);
            short[] in = new short[from / 10];
            int at = 600;
            in[at] = 20000;
            short[] out = Signals.resampleAll(resampler, in);
            int peak = 0;
            for (int i = 1; i < out.length; i++) {
                if (Math.abs(out[i]) > Math.abs(out[peak])) {
                    peak = i;
                }
            }
            long scaled = (long) (at + resampler.delay()) * to;
            assertThat("delay is whole output samples", scaled % from, is(0L));
            assertThat(peak, is((int) (scaled / from)));
            assertThat(resampler.delayMillis(), lessThan(5.0));
        }));
    }

    /** One second of output after the filter has settled: a whole number of cycles of any whole-Hz tone. */
    private static short[] settled(int from, int to, double frequency) {
        short[] in = Signals.sine(from, frequency, AMPLITUDE, from + from / 4);
        short[] out = Signals.resampleAll(Resampler.create(from, to), in);
        short[] window = new short[to];
        System.arraycopy(out, to / 8, window, 0, to);
        return window;
    }
}

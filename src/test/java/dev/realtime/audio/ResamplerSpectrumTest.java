package dev.realtime.audio;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import static dev.realtime.audio.Resampler.Quality.LISTENING;
import static dev.realtime.audio.Resampler.Quality.SPEECH;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * The filters' bands, measured on tones. {@link Resampler.Quality#LISTENING} (TTS audio to the session's rate,
 * heard by people): flat to 0.40 of the lower rate, every alias and image 60 dB down or more. {@link
 * Resampler.Quality#SPEECH} (client audio to 16 kHz for VAD and STT, the pairs 24 → 16 and 8 → 16 kHz): flat to
 * 0.375 (6 kHz at 16 kHz), 60 dB down from 0.5625 (9 kHz); a tone in the transition band between 8 and 9 kHz may
 * fold into 7-8 kHz, which speech recognition does not need.
 */
class ResamplerSpectrumTest {

    private static final double AMPLITUDE = 16000;
    private static final Case[] PAIRS = {new Case(24000, 16000, 0, LISTENING), new Case(8000, 16000, 0, LISTENING),
                                         new Case(16000, 24000, 0, LISTENING), new Case(24000, 8000, 0, LISTENING),
                                         new Case(16000, 8000, 0, LISTENING), new Case(8000, 24000, 0, LISTENING),
                                         new Case(24000, 24000, 0, LISTENING), new Case(24000, 16000, 0, SPEECH),
                                         new Case(8000, 16000, 0, SPEECH)};

    private record Case(int from, int to, int hz, Resampler.Quality quality) {
        Resampler resampler() {
            return Resampler.create(from, to, quality);
        }

        @Override
        public String toString() {
            return quality + " " + from + "->" + to + (hz == 0 ? "" : " " + hz + " Hz");
        }
    }

    @TestFactory
    Stream<DynamicTest> passBandKeepsFrequencyLevelAndPurity() {
        Case[] cases = {new Case(24000, 16000, 440, LISTENING), new Case(24000, 16000, 3000, LISTENING),
                        new Case(24000, 16000, 6000, LISTENING), new Case(8000, 16000, 1000, LISTENING),
                        new Case(8000, 16000, 3000, LISTENING), new Case(16000, 24000, 1000, LISTENING),
                        new Case(16000, 24000, 6000, LISTENING), new Case(24000, 8000, 440, LISTENING),
                        new Case(24000, 8000, 3000, LISTENING), new Case(16000, 8000, 1000, LISTENING),
                        new Case(8000, 24000, 1000, LISTENING), new Case(8000, 24000, 3000, LISTENING),
                        new Case(24000, 24000, 1000, LISTENING), new Case(24000, 16000, 100, SPEECH),
                        new Case(24000, 16000, 440, SPEECH), new Case(24000, 16000, 3000, SPEECH),
                        new Case(24000, 16000, 6000, SPEECH), new Case(8000, 16000, 300, SPEECH),
                        new Case(8000, 16000, 1000, SPEECH), new Case(8000, 16000, 3000, SPEECH)};
        return Stream.of(cases).map(c -> dynamicTest(c.toString(), () -> {
            short[] out = settled(c);
            double level = Signals.amplitude(out, 0, out.length, c.to(), c.hz());
            assertThat("level in dB", Signals.db(level / AMPLITUDE), closeTo(0, 0.1));
            for (int offset : new int[] {-2, -1, 1, 2}) {
                double beside = Signals.amplitude(out, 0, out.length, c.to(), c.hz() + offset);
                assertThat("peak at the tone, not " + offset + " Hz off", beside, lessThan(level / 100));
            }
            double residual = Signals.residualRms(out, 0, out.length, c.to(), c.hz());
            assertThat("images, aliases and noise in dB", Signals.db(residual / (level / Math.sqrt(2))),
                       lessThan(-60.0));
        }));
    }

    @TestFactory
    Stream<DynamicTest> stopBandIsAttenuatedBeforeItAliases() {
        Case[] cases = {new Case(24000, 16000, 8200, LISTENING), new Case(24000, 16000, 9000, LISTENING),
                        new Case(24000, 16000, 10000, LISTENING), new Case(24000, 16000, 11500, LISTENING),
                        new Case(24000, 8000, 4200, LISTENING), new Case(24000, 8000, 5000, LISTENING),
                        new Case(24000, 8000, 10000, LISTENING), new Case(16000, 8000, 4300, LISTENING),
                        new Case(16000, 8000, 7000, LISTENING), new Case(24000, 16000, 9000, SPEECH),
                        new Case(24000, 16000, 10000, SPEECH), new Case(24000, 16000, 11500, SPEECH)};
        return Stream.of(cases).map(c -> dynamicTest(c.toString(), () -> {
            short[] in = Signals.sine(c.from(), c.hz(), AMPLITUDE, c.from() + c.from() / 4);
            short[] out = Signals.resampleAll(c.resampler(), in);
            int skip = c.to() / 8;
            double inRms = Signals.rms(in, 0, in.length);
            double outRms = Signals.rms(out, skip, out.length - skip);
            assertThat("alias level in dB", Signals.db(outRms / inRms), lessThan(-60.0));
        }));
    }

    @Test
    void speechTransitionBandFoldsOnlyIntoTheTopEighth() {
        // 8.5 kHz at 24 kHz is above the 16 kHz output's Nyquist: what passes comes out at 16 - 8.5 = 7.5 kHz
        short[] in = Signals.sine(24000, 8500, AMPLITUDE, 30000);
        short[] out = Signals.resampleAll(Resampler.create(24000, 16000, SPEECH), in);
        short[] window = new short[16000];
        System.arraycopy(out, 2000, window, 0, window.length);
        double alias = Signals.amplitude(window, 0, window.length, 16000, 7500);
        assertThat("alias at 7.5 kHz in dB", Signals.db(alias / AMPLITUDE), lessThan(-6.0));
        double elsewhere = Signals.residualRms(window, 0, window.length, 16000, 7500);
        assertThat("anything but the 7.5 kHz alias in dB", Signals.db(elsewhere / AMPLITUDE), lessThan(-60.0));
    }

    @Test
    void speechFilterHasLessThanHalfTheTaps() {
        int listening = PolyphaseFilter.forRates(24000, 16000, LISTENING).taps();
        int speech = PolyphaseFilter.forRates(24000, 16000, SPEECH).taps();
        assertThat(listening, is(68));
        assertThat(speech, lessThanOrEqualTo(listening / 2));
    }

    @TestFactory
    Stream<DynamicTest> upsamplingSuppressesImages() {
        int[][] cases = {{8000, 16000, 1000, 7000}, {8000, 16000, 3000, 5000}, {8000, 24000, 1000, 7000},
                         {8000, 24000, 1000, 9000}, {16000, 24000, 1000, 15000}, {16000, 24000, 6000, 10000}};
        return Stream.of(cases).map(c -> dynamicTest(c[0] + "->" + c[1] + " " + c[2] + " Hz", () -> {
            short[] out = settled(new Case(c[0], c[1], c[2], LISTENING));
            double tone = Signals.amplitude(out, 0, out.length, c[1], c[2]);
            double mirror = Signals.amplitude(out, 0, out.length, c[1], c[3]);
            assertThat("image at " + c[3] + " Hz in dB", Signals.db(mirror / tone), lessThan(-60.0));
        }));
    }

    @TestFactory
    Stream<DynamicTest> impulseComesOutAfterTheDocumentedDelay() {
        return Stream.of(PAIRS).map(c -> dynamicTest(c.toString(), () -> {
            int from = c.from();
            int to = c.to();
            Resampler resampler = c.resampler();
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
    private static short[] settled(Case c) {
        short[] in = Signals.sine(c.from(), c.hz(), AMPLITUDE, c.from() + c.from() / 4);
        short[] out = Signals.resampleAll(c.resampler(), in);
        short[] window = new short[c.to()];
        System.arraycopy(out, c.to() / 8, window, 0, c.to());
        return window;
    }
}

package dev.realtime.audio;

import java.util.Random;

import dev.realtime.protocol.AudioFormat;
import org.junit.jupiter.api.Test;

import static dev.realtime.audio.Resampler.Quality.SPEECH;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class InputDecoderTest {

    @Test
    void oddPcm16ChunksGiveTheSameOutputAsWholeOnes() {
        short[] audio = Signals.noisyTones(24000, 24000, 5);
        byte[] bytes = Pcm16.toBytes(audio, 0, audio.length);
        short[] whole = drain(decodeAll(AudioFormat.PCM16, bytes, new int[] {bytes.length}));
        short[] direct = Signals.resampleAll(Resampler.create(24000, 16000, SPEECH), audio);
        assertArrayEquals(direct, whole);

        Random random = new Random(9);
        int[] sizes = new int[400];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = i < 6 ? new int[] {1, 3, 961, 1, 1, 4801}[i] : 1 + 2 * random.nextInt(300);
        }
        InputDecoder chunked = decodeAll(AudioFormat.PCM16, bytes, sizes);
        assertThat(chunked.inputSamples(), is(24000L));
        assertThat(chunked.inputMillis(), is(1000L));
        assertArrayEquals(whole, drain(chunked));
    }

    @Test
    void pcm16CountsTheClientClockAndCarriesHalfSamples() {
        InputDecoder decoder = InputDecoder.create(AudioFormat.PCM16);
        assertThat(decoder.decode(new byte[4800], 0, 4800), is(1600));
        assertThat(decoder.inputMillis(), is(100L));
        assertThat(decoder.decode(new byte[] {1}, 0, 1), is(0));
        assertThat(decoder.inputSamples(), is(2400L));
        assertThat(decoder.decode(new byte[] {2}, 0, 1), is(1));
        assertThat(decoder.inputSamples(), is(2401L));
        assertThat(decoder.available(), is(1601));
        assertThat(decoder.delaySamples(), is(Resampler.create(24000, 16000, SPEECH).delay() * 2 / 3));
        assertThat(InputDecoder.create(AudioFormat.PCMU).delaySamples(),
                   is(Resampler.create(8000, 16000, SPEECH).delay() * 2));
    }

    @Test
    void g711DoublesTheSampleCountAndCountsTheClientClock() {
        for (AudioFormat format : new AudioFormat[] {AudioFormat.PCMU, AudioFormat.PCMA}) {
            InputDecoder decoder = InputDecoder.create(format);
            assertThat(decoder.decode(new byte[800], 0, 800), is(1600));
            assertThat(decoder.inputMillis(), is(100L));
            assertThat(decoder.decode(new byte[8007], 3, 8003), is(16006));
            assertThat(decoder.inputSamples(), is(8803L));
            assertThat(decoder.available(), is(17606));
        }
    }

    @Test
    void g711ToneArrivesAt16KilohertzAtItsLevel() {
        short[] tone = Signals.sine(8000, 1000, 12000, 10000);
        byte[] ulaw = G711.encodeUlaw(tone, 0, tone.length);
        InputDecoder decoder = InputDecoder.create(AudioFormat.PCMU);
        decoder.decode(ulaw, 0, ulaw.length);
        short[] out = drain(decoder);
        double level = Signals.amplitude(out, 2000, 16000, 16000, 1000);
        assertThat("level in dB after μ-law", Signals.db(level / 12000), closeTo(0, 0.5));
        assertThat(Signals.db(Signals.amplitude(out, 2000, 16000, 16000, 7000) / level) < -50, is(true));
    }

    @Test
    void consumeAdvancesThePosition() {
        InputDecoder decoder = InputDecoder.create(AudioFormat.PCMA);
        decoder.decode(new byte[300], 0, 300);
        decoder.consume(512);
        assertThat(decoder.position(), is(512L));
        assertThat(decoder.available(), is(88));
        decoder.decode(new byte[300], 0, 300);
        assertThat(decoder.available(), is(688));
        assertThat(decoder.position(), is(512L));
    }

    private static InputDecoder decodeAll(AudioFormat format, byte[] bytes, int[] sizes) {
        InputDecoder decoder = InputDecoder.create(format);
        int pos = 0;
        for (int i = 0; pos < bytes.length; i++) {
            int n = Math.min(bytes.length - pos, i < sizes.length ? sizes[i] : bytes.length);
            decoder.decode(bytes, pos, n);
            pos += n;
        }
        return decoder;
    }

    private static short[] drain(InputDecoder decoder) {
        short[] out = new short[decoder.available()];
        System.arraycopy(decoder.samples(), 0, out, 0, out.length);
        decoder.consume(out.length);
        return out;
    }
}

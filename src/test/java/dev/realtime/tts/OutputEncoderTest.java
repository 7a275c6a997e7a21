package dev.realtime.tts;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import dev.realtime.protocol.AudioFormat;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

class OutputEncoderTest {
    private static short[] tone(int rate, int ms) {
        short[] s = new short[rate * ms / 1000];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / rate));
        }
        return s;
    }

    @Test
    void sixteenKilohertzBecomesPcm24AndG711AtTheRightLength() {
        short[] second = tone(16_000, 1000);
        OutputEncoder pcm = OutputEncoder.create(16_000, AudioFormat.PCM16);
        int bytes = 0;
        for (int i = 0; i < second.length; i += 333) {
            short[] part = Arrays.copyOfRange(second, i, Math.min(second.length, i + 333));
            bytes += pcm.encode(part, part.length).length;
        }
        assertThat(bytes, is(48_000));
        assertThat(pcm.outputMillis(), is(1000L));
        OutputEncoder ulaw = OutputEncoder.create(16_000, AudioFormat.PCMU);
        assertThat(ulaw.encode(second, second.length).length, is(8000));
        OutputEncoder same = OutputEncoder.create(24_000, AudioFormat.PCM16);
        short[] native24 = tone(24_000, 100);
        assertThat(same.encode(native24, native24.length).length, is(4800));
    }

    @Test
    void pcmAtTheOutputRatePassesUnchanged() {
        short[] native24 = tone(24_000, 20);
        byte[] bytes = OutputEncoder.create(24_000, AudioFormat.PCM16).encode(native24, 100);
        assertThat(bytes.length, is(200));
        for (int i = 0; i < 100; i++) {
            assertThat((short) ((bytes[2 * i] & 0xFF) | (bytes[2 * i + 1] << 8)), is(native24[i]));
        }
    }
}

package dev.realtime.stt.deepgram;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

class ResendBufferTest {

    @Test
    void keepsTheNewestBytesAndResendsThemAfterARewind() {
        ResendBuffer audio = new ResendBuffer(20_000);
        for (int i = 0; i < 30; i++) {
            audio.append(chunk(i, 1_000), 0);
            if (audio.unsent() >= 3_000) {
                audio.markSent(audio.peek(3_000).length, 0);
            }
        }
        assertThat(audio.size(), is(20_000));
        audio.rewind(0);
        assertThat(audio.unsent(), is(20_000));
        byte[] first = audio.peek(1_000);
        assertThat(first[0], is((byte) 10)); // chunks 0..9 were dropped
        audio.markSent(20_000, 0);
        assertThat(audio.unsent(), is(0));
        audio.clear();
        assertThat(audio.size(), is(0));
    }

    private static byte[] chunk(int value, int length) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}

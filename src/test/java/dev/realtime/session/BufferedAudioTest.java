package dev.realtime.session;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import dev.realtime.protocol.AudioFormat;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

class BufferedAudioTest {
    private static final int BYTES_PER_MS = 48; // PCM16 at 24 kHz

    /** One millisecond of audio whose every byte says which millisecond it is. */
    private static byte[] ms(int at) {
        byte[] b = new byte[BYTES_PER_MS];
        Arrays.fill(b, (byte) at);
        return b;
    }

    @Test
    void trimmingKeepsTheRecentAudioOnTheSameClock() {
        BufferedAudio audio = new BufferedAudio(AudioFormat.PCM16);
        for (int t = 0; t < 1500; t++) {
            audio.append(ms(t), t);
        }
        audio.trim(1000);
        assertThat(audio.millis(), is(1000L));
        assertThat(audio.startMs(), is(500L));
        for (int t = 1500; t < 10_000; t++) {
            audio.append(ms(t), t);
            audio.trim(1000);
        }
        assertThat(audio.millis(), is(1000L));
        byte[] turn = audio.take(9_500);
        assertThat(turn.length, is(500 * BYTES_PER_MS));
        assertThat("the turn starts with the audio of 9500 ms", turn[0], is((byte) 9_500));
        assertThat(turn[turn.length - 1], is((byte) 9_999));
        assertThat(audio.millis(), is(0L));
    }

    @Test
    void withoutTrimmingEverythingSinceTheLastCommitIsKeptInOrder() {
        BufferedAudio audio = new BufferedAudio(AudioFormat.PCM16);
        for (int t = 0; t < 5000; t++) {
            audio.append(ms(t), 1000 + t);
        }
        byte[] all = audio.take(0);
        assertThat(all.length, is(5000 * BYTES_PER_MS));
        for (int t = 0; t < 5000; t++) {
            assertThat(all[t * BYTES_PER_MS + BYTES_PER_MS - 1], is((byte) t));
        }
        audio.append(ms(7), 9000);
        assertThat("a new buffer starts at its first append", audio.startMs(), is(9000L));
        assertThat(audio.take(9000)[0], is((byte) 7));
    }

    @Test
    void aLongTurnsBufferIsLetGoOnceTheTurnIsTaken() {
        BufferedAudio audio = new BufferedAudio(AudioFormat.PCM16);
        for (int t = 0; t < 3000; t++) {
            audio.append(ms(t), t);
            audio.trim(1000);
        }
        int betweenTurns = audio.capacity();
        assertThat("a trimmed buffer holds what it keeps, and at most twice that",
                   betweenTurns <= 2 * (1000 + 1) * BYTES_PER_MS, is(true));
        for (int t = 3000; t < 33_000; t++) {
            audio.append(ms(t), t);
        }
        assertThat(audio.capacity() >= 30_000 * BYTES_PER_MS, is(true));
        assertThat(audio.take(2000).length, is(31_000 * BYTES_PER_MS));
        assertThat("after the turn the session keeps no more than it needs between turns",
                   audio.capacity() <= 2 * 1000 * BYTES_PER_MS, is(true));
        audio.append(ms(1), 40_000);
        assertThat(audio.take(40_000)[0], is((byte) 1));
    }
}

package dev.realtime.vad;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

class VoicedTailTest {

    private static short[] frame(int loudUntil, int loud, int quiet) {
        short[] f = new short[Vad.FRAME_SAMPLES];
        for (int i = 0; i < f.length; i++) {
            int amplitude = i < loudUntil ? loud : quiet;
            f[i] = (short) (i % 2 == 0 ? amplitude : -amplitude);
        }
        return f;
    }

    @Test
    void aLoudFrameIsVoicedToItsEnd() {
        assertThat(new VoicedTail().voicedMs(frame(512, 8000, 0)), is(32));
    }

    @Test
    void theVoicedPartEndsWithTheLastLoudBlock() {
        VoicedTail tail = new VoicedTail();
        tail.voicedMs(frame(512, 8000, 0));
        // samples 0..199 loud: blocks 0..3 (to sample 255) hold sound, block 3 ends at 16 ms
        assertThat(tail.voicedMs(frame(200, 8000, 0)), is(16));
        // 40 dB under the loudest block heard is not voiced, 30 dB under is
        assertThat(tail.voicedMs(frame(0, 0, 80)), is(0));
        assertThat(tail.voicedMs(frame(0, 0, 253)), is(32));
    }

    @Test
    void veryQuietSoundIsNeverVoiced() {
        // −66 dBFS with nothing louder heard before
        assertThat(new VoicedTail().voicedMs(frame(512, 16, 0)), is(0));
    }

    @Test
    void theLoudestLevelFadesAndResets() {
        VoicedTail tail = new VoicedTail();
        tail.voicedMs(frame(512, 16_000, 0));
        assertThat("46 dB under", tail.voicedMs(frame(512, 80, 0)), is(0));
        for (int i = 0; i < 125; i++) {
            tail.voicedMs(frame(0, 0, 0)); // 4 s of silence: the loudest level falls by 40 dB
        }
        assertThat(tail.voicedMs(frame(512, 80, 0)), is(32));
        tail.voicedMs(frame(512, 16_000, 0));
        tail.reset();
        assertThat(tail.voicedMs(frame(512, 80, 0)), is(32));
    }
}

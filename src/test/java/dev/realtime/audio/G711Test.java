package dev.realtime.audio;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class G711Test {

    @Test
    void ulawDecodesReferenceValues() {
        assertThat(G711.ulawToLinear((byte) 0xFF), is((short) 0));
        assertThat(G711.ulawToLinear((byte) 0x7F), is((short) 0));
        assertThat(G711.ulawToLinear((byte) 0x00), is((short) -32124));
        assertThat(G711.ulawToLinear((byte) 0x80), is((short) 32124));
        assertThat(G711.ulawToLinear((byte) 0x01), is((short) -31100));
        assertThat(G711.ulawToLinear((byte) 0xFE), is((short) 8));
        assertThat(G711.ulawToLinear((byte) 0xEF), is((short) 132));
    }

    @Test
    void alawDecodesReferenceValues() {
        assertThat(G711.alawToLinear((byte) 0xD5), is((short) 8));
        assertThat(G711.alawToLinear((byte) 0x55), is((short) -8));
        assertThat(G711.alawToLinear((byte) 0x00), is((short) -5504));
        assertThat(G711.alawToLinear((byte) 0x01), is((short) -5248));
        assertThat(G711.alawToLinear((byte) 0xAA), is((short) 32256));
        assertThat(G711.alawToLinear((byte) 0x2A), is((short) -32256));
    }

    @Test
    void encodingADecodedByteGivesItBack() {
        for (int code = 0; code < 256; code++) {
            byte b = (byte) code;
            byte expectedUlaw = code == 0x7F ? (byte) 0xFF : b;
            assertThat("μ-law " + code, G711.linearToUlaw(G711.ulawToLinear(b)), is(expectedUlaw));
            assertThat("A-law " + code, G711.linearToAlaw(G711.alawToLinear(b)), is(b));
        }
        assertThat(G711.linearToUlaw((short) 0), is((byte) 0xFF));
        assertThat(G711.linearToAlaw((short) 0), is((byte) 0xD5));
    }

    @Test
    void ulawRoundTripStaysWithinTheSegmentStep() {
        int previous = Short.MIN_VALUE;
        for (int x = Short.MIN_VALUE; x <= Short.MAX_VALUE; x++) {
            byte code = G711.linearToUlaw((short) x);
            int y = G711.ulawToLinear(code);
            int segment = (~code >> 4) & 7;
            int step = 8 << segment;
            int bound = Math.abs(x) > 32124 ? Math.abs(x) - 32124 : step / 2 + 4;
            assertThat("x=" + x, Math.abs(x - y), lessThanOrEqualTo(bound));
            assertThat("monotonic at " + x, y, greaterThanOrEqualTo(previous));
            previous = y;
        }
    }

    @Test
    void alawRoundTripStaysWithinTheSegmentStep() {
        int previous = Short.MIN_VALUE;
        for (int x = Short.MIN_VALUE; x <= Short.MAX_VALUE; x++) {
            byte code = G711.linearToAlaw((short) x);
            int y = G711.alawToLinear(code);
            int segment = ((code ^ 0x55) >> 4) & 7;
            int step = segment < 2 ? 16 : 16 << (segment - 1);
            int bound = Math.abs(x) > 32256 ? Math.abs(x) - 32256 + 8 : step / 2 + 8;
            assertThat("x=" + x, Math.abs(x - y), lessThanOrEqualTo(bound));
            assertThat("monotonic at " + x, y, greaterThanOrEqualTo(previous));
            previous = y;
        }
    }

    @Test
    void bulkCodecsMatchTheSingleSampleOnes() {
        short[] samples = Signals.noisyTones(8000, 999, 11);
        byte[] ulaw = G711.encodeUlaw(samples, 3, 990);
        byte[] alaw = G711.encodeAlaw(samples, 3, 990);
        short[] fromUlaw = new short[1000];
        short[] fromAlaw = new short[1000];
        G711.decodeUlaw(ulaw, 0, 990, fromUlaw, 5);
        G711.decodeAlaw(alaw, 0, 990, fromAlaw, 5);
        for (int i = 0; i < 990; i++) {
            assertThat(ulaw[i], is(G711.linearToUlaw(samples[i + 3])));
            assertThat(alaw[i], is(G711.linearToAlaw(samples[i + 3])));
            assertThat(fromUlaw[i + 5], is(G711.ulawToLinear(ulaw[i])));
            assertThat(fromAlaw[i + 5], is(G711.alawToLinear(alaw[i])));
        }
        assertArrayEquals(new short[5], Arrays.copyOf(fromUlaw, 5));
    }
}

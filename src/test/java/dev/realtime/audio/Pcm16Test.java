package dev.realtime.audio;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class Pcm16Test {

    @Test
    void readsAndWritesLittleEndian() {
        byte[] bytes = {0x34, 0x12, (byte) 0xFF, (byte) 0xFF, 0x00, (byte) 0x80, (byte) 0xFF, 0x7F};
        short[] samples = new short[5];
        Pcm16.toShorts(bytes, 0, bytes.length, samples, 1);
        assertArrayEquals(new short[] {0, 0x1234, -1, Short.MIN_VALUE, Short.MAX_VALUE}, samples);
        assertArrayEquals(bytes, Pcm16.toBytes(samples, 1, 4));
    }

    @Test
    void roundTripsEverySample() {
        short[] all = new short[65536];
        for (int i = 0; i < all.length; i++) {
            all[i] = (short) (i + Short.MIN_VALUE);
        }
        short[] back = new short[all.length];
        Pcm16.toShorts(Pcm16.toBytes(all, 0, all.length), 0, 2 * all.length, back, 0);
        assertArrayEquals(all, back);
    }

    @Test
    void writesIntoAnArrayAtAnOffsetAndTouchesNothingElse() {
        byte[] out = new byte[8];
        Arrays.fill(out, (byte) 0x55);
        Pcm16.toBytes(new short[] {0x1234, -1, 7}, 1, 2, out, 3);
        assertThat(out, is(new byte[] {0x55, 0x55, 0x55, (byte) 0xFF, (byte) 0xFF, 0x07, 0x00, 0x55}));
        assertThrows(IndexOutOfBoundsException.class, () -> Pcm16.toBytes(new short[2], 0, 2, new byte[4], 1));
    }

    @Test
    void rejectsAnOddByteCount() {
        assertThrows(IllegalArgumentException.class, () -> Pcm16.toShorts(new byte[3], 0, 3, new short[2], 0));
    }

    @Test
    void convertsToAndFromFloats() {
        assertThat(Pcm16.toFloat(Short.MIN_VALUE), is(-1f));
        assertThat(Pcm16.toFloat((short) 16384), is(0.5f));
        assertThat(Pcm16.toShort(0.5f), is((short) 16384));
        assertThat(Pcm16.toShort(1f), is(Short.MAX_VALUE));
        assertThat(Pcm16.toShort(-2f), is(Short.MIN_VALUE));
        assertThat(Pcm16.toShort(Float.NaN), is((short) 0));
        for (int s = Short.MIN_VALUE; s <= Short.MAX_VALUE; s += 7) {
            assertThat(Pcm16.toShort(Pcm16.toFloat((short) s)), is((short) s));
        }
        float[] floats = new float[4];
        Pcm16.toFloats(new short[] {9, 16384, -16384}, 1, 2, floats, 2);
        assertArrayEquals(new float[] {0f, 0f, 0.5f, -0.5f}, floats);
    }
}

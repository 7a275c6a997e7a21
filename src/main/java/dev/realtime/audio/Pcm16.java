package dev.realtime.audio;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Conversions of 16-bit signed little-endian mono PCM: bytes to samples and back, samples to floats in
 * [-1, 1) and back. Stateless and thread-safe.
 */
public final class Pcm16 {

    private static final float SCALE = 32768f;
    /**
     * Little-endian shorts in a byte array: one 16-bit load or store per sample, vectorised by C2 (a loop per byte pair
     * was a twentieth of the engine's Java time at 400 sessions; a buffer view allocates, and escape analysis did not
     * always remove it in the engine).
     */
    private static final VarHandle LE_SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class,
                                                                                   ByteOrder.LITTLE_ENDIAN);

    private Pcm16() {
    }

    /**
     * Reads little-endian samples.
     *
     * @param in     bytes, two per sample, low byte first
     * @param off    first byte
     * @param len    number of bytes; must be even
     * @param out    receives {@code len / 2} samples
     * @param outOff first sample written
     * @throws IllegalArgumentException when {@code len} is odd
     */
    public static void toShorts(byte[] in, int off, int len, short[] out, int outOff) {
        if ((len & 1) != 0) {
            throw new IllegalArgumentException("Odd byte count " + len + " is not a whole number of samples");
        }
        Objects.checkFromIndexSize(off, len, in.length);
        int count = len >> 1;
        Objects.checkFromIndexSize(outOff, count, out.length);
        for (int i = 0; i < count; i++) {
            out[outOff + i] = (short) LE_SHORTS.get(in, off + 2 * i);
        }
    }

    /**
     * @param in  samples
     * @param off first sample
     * @param len number of samples
     * @return a new array of {@code 2 * len} little-endian bytes
     */
    public static byte[] toBytes(short[] in, int off, int len) {
        Objects.checkFromIndexSize(off, len, in.length);
        byte[] out = new byte[2 * len];
        toBytes(in, off, len, out, 0);
        return out;
    }

    /**
     * Writes little-endian samples into an existing array.
     *
     * @param in     samples
     * @param off    first sample
     * @param len    number of samples
     * @param out    receives {@code 2 * len} bytes, low byte first
     * @param outOff first byte written
     */
    public static void toBytes(short[] in, int off, int len, byte[] out, int outOff) {
        Objects.checkFromIndexSize(off, len, in.length);
        Objects.checkFromIndexSize(outOff, 2 * len, out.length);
        for (int i = 0; i < len; i++) {
            LE_SHORTS.set(out, outOff + 2 * i, in[off + i]);
        }
    }

    /**
     * @param sample a 16-bit sample
     * @return {@code sample / 32768}, in [-1, 1)
     */
    public static float toFloat(short sample) {
        return sample / SCALE;
    }

    /**
     * @param value a float sample, nominally in [-1, 1]
     * @return {@code value * 32768} rounded to the nearest integer and clamped to the short range; NaN gives 0
     */
    public static short toShort(float value) {
        return clamp(Math.round(value * SCALE));
    }

    /**
     * Converts samples to floats in [-1, 1), the input that {@code dev.realtime.vad.VadStream} takes.
     *
     * @param in     samples
     * @param off    first sample
     * @param len    number of samples
     * @param out    receives the floats
     * @param outOff first float written
     */
    public static void toFloats(short[] in, int off, int len, float[] out, int outOff) {
        Objects.checkFromIndexSize(off, len, in.length);
        Objects.checkFromIndexSize(outOff, len, out.length);
        for (int i = 0; i < len; i++) {
            out[outOff + i] = in[off + i] / SCALE;
        }
    }

    static short clamp(int value) {
        return (short) Math.clamp(value, Short.MIN_VALUE, Short.MAX_VALUE);
    }
}

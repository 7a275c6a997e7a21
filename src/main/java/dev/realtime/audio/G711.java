package dev.realtime.audio;

import java.util.Objects;

/**
 * ITU-T G.711 μ-law and A-law companding of 16-bit linear samples, as in the reference {@code g711.c}: decoding
 * reads precomputed 256-entry tables, encoding runs the segment algorithm (μ-law on 14 bits with bias 0x84 and
 * clipping at 32635, A-law on 13 bits). Stateless and thread-safe.
 */
public final class G711 {

    private static final int SIGN_BIT = 0x80;
    private static final int QUANT_MASK = 0x0F;
    private static final int SEG_SHIFT = 4;
    private static final int SEG_MASK = 0x70;
    private static final int ULAW_BIAS = 0x84;
    private static final int ULAW_CLIP = 8159;
    private static final short[] ULAW_TO_LINEAR = new short[256];
    private static final short[] ALAW_TO_LINEAR = new short[256];

    static {
        for (int code = 0; code < 256; code++) {
            ULAW_TO_LINEAR[code] = (short) ulawFormula(code);
            ALAW_TO_LINEAR[code] = (short) alawFormula(code);
        }
    }

    private G711() {
    }

    /**
     * @param code a μ-law byte
     * @return its linear value; 0xFF and 0x7F (positive and negative zero) both give 0
     */
    public static short ulawToLinear(byte code) {
        return ULAW_TO_LINEAR[code & 0xFF];
    }

    /**
     * @param code an A-law byte
     * @return its linear value
     */
    public static short alawToLinear(byte code) {
        return ALAW_TO_LINEAR[code & 0xFF];
    }

    /**
     * @param sample a 16-bit linear sample
     * @return its μ-law code; zero encodes as 0xFF, magnitudes above 32635 clip to the largest code
     */
    public static byte linearToUlaw(short sample) {
        int value = sample >> 2;
        int mask;
        if (value < 0) {
            value = -value;
            mask = 0x7F;
        } else {
            mask = 0xFF;
        }
        value = Math.min(value, ULAW_CLIP) + (ULAW_BIAS >> 2);
        // segment s holds biased magnitudes [0x40 << (s - 1), 0x40 << s); 0x2000 (the clip value) is the top code
        int segment = Math.min(7, Math.max(0, 26 - Integer.numberOfLeadingZeros(value)));
        int quant = value >= 0x2000 ? QUANT_MASK : (value >> (segment + 1)) & QUANT_MASK;
        return (byte) (((segment << SEG_SHIFT) | quant) ^ mask);
    }

    /**
     * @param sample a 16-bit linear sample
     * @return its A-law code
     */
    public static byte linearToAlaw(short sample) {
        int value = sample >> 3;
        int mask;
        if (value >= 0) {
            mask = 0xD5;
        } else {
            mask = 0x55;
            value = -value - 1;
        }
        // segment s holds magnitudes [0x20 << (s - 1), 0x20 << s), segment 0 holds [0, 0x20)
        int segment = Math.max(0, 27 - Integer.numberOfLeadingZeros(value));
        int quant = (value >> (segment < 2 ? 1 : segment)) & QUANT_MASK;
        return (byte) (((segment << SEG_SHIFT) | quant) ^ mask);
    }

    /**
     * Decodes μ-law bytes into linear samples.
     *
     * @param in     μ-law bytes
     * @param off    first byte
     * @param len    number of bytes (and samples)
     * @param out    receives the samples
     * @param outOff first sample written
     */
    public static void decodeUlaw(byte[] in, int off, int len, short[] out, int outOff) {
        decode(ULAW_TO_LINEAR, in, off, len, out, outOff);
    }

    /**
     * Decodes A-law bytes into linear samples.
     *
     * @param in     A-law bytes
     * @param off    first byte
     * @param len    number of bytes (and samples)
     * @param out    receives the samples
     * @param outOff first sample written
     */
    public static void decodeAlaw(byte[] in, int off, int len, short[] out, int outOff) {
        decode(ALAW_TO_LINEAR, in, off, len, out, outOff);
    }

    /**
     * @param in  linear samples
     * @param off first sample
     * @param len number of samples
     * @return a new array of {@code len} μ-law bytes
     */
    public static byte[] encodeUlaw(short[] in, int off, int len) {
        Objects.checkFromIndexSize(off, len, in.length);
        byte[] out = new byte[len];
        for (int i = 0; i < len; i++) {
            out[i] = linearToUlaw(in[off + i]);
        }
        return out;
    }

    /**
     * @param in  linear samples
     * @param off first sample
     * @param len number of samples
     * @return a new array of {@code len} A-law bytes
     */
    public static byte[] encodeAlaw(short[] in, int off, int len) {
        Objects.checkFromIndexSize(off, len, in.length);
        byte[] out = new byte[len];
        for (int i = 0; i < len; i++) {
            out[i] = linearToAlaw(in[off + i]);
        }
        return out;
    }

    private static void decode(short[] table, byte[] in, int off, int len, short[] out, int outOff) {
        Objects.checkFromIndexSize(off, len, in.length);
        Objects.checkFromIndexSize(outOff, len, out.length);
        for (int i = 0; i < len; i++) {
            out[outOff + i] = table[in[off + i] & 0xFF];
        }
    }

    private static int ulawFormula(int code) {
        int u = ~code & 0xFF;
        int t = (((u & QUANT_MASK) << 3) + ULAW_BIAS) << ((u & SEG_MASK) >> SEG_SHIFT);
        return (u & SIGN_BIT) != 0 ? ULAW_BIAS - t : t - ULAW_BIAS;
    }

    private static int alawFormula(int code) {
        int a = code ^ 0x55;
        int t = (a & QUANT_MASK) << 4;
        int segment = (a & SEG_MASK) >> SEG_SHIFT;
        t = switch (segment) {
            case 0 -> t + 8;
            case 1 -> t + 0x108;
            default -> (t + 0x108) << (segment - 1);
        };
        return (a & SIGN_BIT) != 0 ? t : -t;
    }
}

package dev.realtime.stt.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads 16 kHz mono PCM16 WAV test fixtures into samples. Walks the RIFF chunks to find {@code fmt } and
 * {@code data}, checks the format, and reads a data chunk whose size is a streaming placeholder (larger than the
 * file) to the end of the file.
 */
final class WavFixtures {

    private WavFixtures() {
    }

    /** Samples of a classpath resource such as {@code /fixtures/weather.wav}. */
    static short[] resource(String name) {
        try (InputStream in = WavFixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + name);
            }
            return parse(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static short[] parse(byte[] bytes) {
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 12 || !tag(buf, 0).equals("RIFF") || !tag(buf, 8).equals("WAVE")) {
            throw new IllegalArgumentException("not a RIFF/WAVE file");
        }
        boolean format = false;
        int pos = 12;
        while (pos + 8 <= bytes.length) {
            String id = tag(buf, pos);
            long size = Integer.toUnsignedLong(buf.getInt(pos + 4));
            int body = pos + 8;
            if (id.equals("fmt ")) {
                checkFormat(buf, body);
                format = true;
            } else if (id.equals("data")) {
                if (!format) {
                    throw new IllegalArgumentException("data chunk before fmt chunk");
                }
                int end = (int) Math.min(bytes.length, body + size);
                short[] samples = new short[(end - body) / 2];
                buf.position(body);
                buf.asShortBuffer().get(samples);
                return samples;
            }
            pos = (int) Math.min(Integer.MAX_VALUE, body + size + (size & 1));
        }
        throw new IllegalArgumentException("no data chunk");
    }

    private static void checkFormat(ByteBuffer buf, int at) {
        int encoding = Short.toUnsignedInt(buf.getShort(at));
        int channels = buf.getShort(at + 2);
        int rate = buf.getInt(at + 4);
        int bits = buf.getShort(at + 14);
        if (encoding != 1 || channels != 1 || rate != 16_000 || bits != 16) {
            throw new IllegalArgumentException("want PCM 16 kHz mono 16-bit, got format " + encoding + ", "
                                               + channels + " ch, " + rate + " Hz, " + bits + " bit");
        }
    }

    private static String tag(ByteBuffer buf, int at) {
        byte[] four = new byte[4];
        buf.get(at, four);
        return new String(four, StandardCharsets.US_ASCII);
    }
}

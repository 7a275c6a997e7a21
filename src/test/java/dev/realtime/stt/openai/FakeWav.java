package dev.realtime.stt.openai;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A parsed canonical WAV upload with every inconsistency the fake found. Pure.
 *
 * @param sampleRate    {@code fmt } sample rate
 * @param channels      {@code fmt } channels
 * @param bitsPerSample {@code fmt } bits per sample
 * @param pcm           the {@code data} chunk
 * @param problems      what is wrong with the header, empty when it is a correct 16 kHz mono PCM16 file
 */
public record FakeWav(int sampleRate, int channels, int bitsPerSample, byte[] pcm, List<String> problems) {

    static FakeWav parse(byte[] file) {
        List<String> problems = new ArrayList<>();
        if (file.length < 44 || !ascii(file, 0, "RIFF") || !ascii(file, 8, "WAVE") || !ascii(file, 12, "fmt ")
                || !ascii(file, 36, "data")) {
            problems.add("not a canonical 44-byte-header WAV file");
            return new FakeWav(0, 0, 0, new byte[0], problems);
        }
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int riffSize = b.getInt(4);
        int fmtSize = b.getInt(16);
        int format = b.getShort(20);
        int channels = b.getShort(22);
        int rate = b.getInt(24);
        int byteRate = b.getInt(28);
        int blockAlign = b.getShort(32);
        int bits = b.getShort(34);
        int dataSize = b.getInt(40);
        check(problems, riffSize == file.length - 8, "RIFF size " + riffSize + " != " + (file.length - 8));
        check(problems, fmtSize == 16, "fmt chunk size " + fmtSize);
        check(problems, format == 1, "format " + format + " is not PCM");
        check(problems, channels == 1, "channels " + channels);
        check(problems, rate == 16_000, "sample rate " + rate);
        check(problems, bits == 16, "bits per sample " + bits);
        check(problems, byteRate == rate * channels * bits / 8, "byte rate " + byteRate);
        check(problems, blockAlign == channels * bits / 8, "block align " + blockAlign);
        check(problems, dataSize == file.length - 44, "data size " + dataSize + " != " + (file.length - 44));
        check(problems, dataSize % 2 == 0, "odd data size " + dataSize);
        return new FakeWav(rate, channels, bits, Arrays.copyOfRange(file, 44, file.length), List.copyOf(problems));
    }

    /** @return seconds of audio, by the header's format */
    public double seconds() {
        return sampleRate == 0 ? 0 : (double) pcm.length / (sampleRate * channels * bitsPerSample / 8.0);
    }

    private static void check(List<String> problems, boolean ok, String problem) {
        if (!ok) {
            problems.add(problem);
        }
    }

    private static boolean ascii(byte[] data, int at, String text) {
        return new String(data, at, 4, StandardCharsets.US_ASCII).equals(text);
    }
}

package dev.realtime.tts;

/**
 * The deterministic audio the TTS fakes synthesize: a 440 Hz tone, {@code msPerChar} milliseconds per character
 * of input, so tests can predict exactly how many samples a piece produces. Pure.
 */
public final class FakeTone {

    private FakeTone() {
    }

    /** @return the number of samples a text of {@code chars} characters produces at {@code rate} */
    public static int samples(int chars, int msPerChar, int rate) {
        return (int) ((long) chars * msPerChar * rate / 1000);
    }

    /** @return sample {@code i} of the tone at {@code rate} */
    public static short sample(long i, int rate) {
        return (short) Math.round(8_000 * Math.sin(2 * Math.PI * 440 * i / rate));
    }

    /** @return {@code count} samples from sample {@code start}, as little-endian PCM16 bytes */
    public static byte[] pcm(long start, int count, int rate) {
        byte[] bytes = new byte[count * 2];
        for (int i = 0; i < count; i++) {
            short s = sample(start + i, rate);
            bytes[2 * i] = (byte) s;
            bytes[2 * i + 1] = (byte) (s >> 8);
        }
        return bytes;
    }
}

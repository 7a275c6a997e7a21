package dev.realtime.warmup;

/** A 220 Hz tone as 24 kHz s16le PCM: the voice of the warm-up's text-to-speech. Pure; any thread. */
final class Tone {
    private static final int RATE = 24_000;

    private Tone() {
    }

    /**
     * @param millis length
     * @return little-endian 16-bit samples
     */
    static byte[] pcm(int millis) {
        int samples = RATE / 1000 * millis;
        byte[] out = new byte[samples * 2];
        for (int i = 0; i < samples; i++) {
            int s = (int) (3000 * Math.sin(2 * Math.PI * 220 * i / RATE));
            out[2 * i] = (byte) s;
            out[2 * i + 1] = (byte) (s >> 8);
        }
        return out;
    }
}

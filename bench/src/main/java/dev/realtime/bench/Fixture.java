package dev.realtime.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A speech fixture as a client streams it: 16 kHz WAV padded with 0.5 s of silence before and 1.5 s after
 * (optionally with white noise over all of it),
 * raised to 24 kHz PCM16 (linear interpolation: good enough for the VAD, which is all a benchmark needs) and cut
 * into 20 ms {@code input_audio_buffer.append} events. Knows where the speech really ends.
 *
 * @param appends   the append events, 20 ms each
 * @param speechEndMs where the last speech sample lies, in ms from the first append
 * @param silence   one 20 ms append of silence, for after the fixture
 */
record Fixture(List<String> appends, long speechEndMs, String silence) {
    private static final int LEAD = 8_000;
    private static final int SPEECH_LEVEL = 500;

    static Fixture load(Path wav) throws Exception {
        return load(wav, Double.NEGATIVE_INFINITY);
    }

    /**
     * @param wav       the speech
     * @param noiseDbfs level of white noise added everywhere (a microphone's noise floor), or −∞ for digital
     *                  silence around the speech
     */
    static Fixture load(Path wav, double noiseDbfs) throws Exception {
        byte[] bytes = Files.readAllBytes(wav);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int data = 12;
        while (!"data".equals(new String(bytes, data, 4))) {
            data += 8 + b.getInt(data + 4);
        }
        int len = b.getInt(data + 4);
        short[] s16 = new short[len / 2 + LEAD * 4];
        int last = 0;
        for (int i = 0; i < len / 2; i++) {
            s16[LEAD + i] = b.getShort(data + 8 + 2 * i);
            if (Math.abs(s16[LEAD + i]) > SPEECH_LEVEL) {
                last = LEAD + i;
            }
        }
        java.util.Random random = new java.util.Random(7);
        double sigma = 32768 * Math.pow(10, noiseDbfs / 20);
        for (int i = 0; i < s16.length; i++) {
            s16[i] = (short) Math.clamp(s16[i] + Math.round(sigma * random.nextGaussian()), -32768, 32767);
        }
        byte[] pcm24 = new byte[s16.length * 3];
        ByteBuffer out = ByteBuffer.wrap(pcm24).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < s16.length * 3 / 2; i++) {
            double pos = i * 2.0 / 3.0;
            int k = (int) pos;
            double f = pos - k;
            short a = s16[k];
            short c = k + 1 < s16.length ? s16[k + 1] : a;
            out.putShort((short) (a + (c - a) * f));
        }
        List<String> events = new ArrayList<>();
        for (int i = 0; i < pcm24.length; i += 960) {
            byte[] chunk = java.util.Arrays.copyOfRange(pcm24, i, Math.min(pcm24.length, i + 960));
            events.add(append(chunk));
        }
        // the silence after the fixture: its own last 20 ms (noise, or zeros), repeated
        byte[] tail = java.util.Arrays.copyOfRange(pcm24, pcm24.length - 960, pcm24.length);
        return new Fixture(List.copyOf(events), last * 1000L / 16_000, append(tail));
    }

    private static String append(byte[] chunk) {
        return "{\"type\":\"input_audio_buffer.append\",\"audio\":\"" + Base64.getEncoder().encodeToString(chunk)
                + "\"}";
    }
}

package dev.realtime.stt.openai;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Wraps mono PCM16 little-endian samples in a canonical 44-byte WAV header ({@code RIFF}/{@code WAVE},
 * {@code fmt } chunk of 16 bytes, format 1, then {@code data}). Pure.
 */
final class WavFile {

    static final int HEADER_BYTES = 44;

    private WavFile() {
    }

    /**
     * @param pcm        mono s16le samples (an even byte count)
     * @param sampleRate samples per second
     * @return the WAV file
     */
    static byte[] wrap(byte[] pcm, int sampleRate) {
        int channels = 1;
        int bits = 16;
        int blockAlign = channels * bits / 8;
        ByteBuffer wav = ByteBuffer.allocate(HEADER_BYTES + pcm.length).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes(StandardCharsets.US_ASCII))
                .putInt(36 + pcm.length)
                .put("WAVE".getBytes(StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(StandardCharsets.US_ASCII))
                .putInt(16)
                .putShort((short) 1)
                .putShort((short) channels)
                .putInt(sampleRate)
                .putInt(sampleRate * blockAlign)
                .putShort((short) blockAlign)
                .putShort((short) bits)
                .put("data".getBytes(StandardCharsets.US_ASCII))
                .putInt(pcm.length)
                .put(pcm);
        return wav.array();
    }
}

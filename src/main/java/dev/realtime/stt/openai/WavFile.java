package dev.realtime.stt.openai;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The canonical 44-byte WAV header for mono PCM16 little-endian samples ({@code RIFF}/{@code WAVE},
 * {@code fmt } chunk of 16 bytes, format 1, then {@code data}). Pure.
 */
final class WavFile {

    static final int HEADER_BYTES = 44;

    private WavFile() {
    }

    /**
     * @param dataBytes  bytes of mono s16le samples that follow the header (an even count)
     * @param sampleRate samples per second
     * @return the 44-byte header of a WAV file holding that many bytes of samples
     */
    static byte[] header(int dataBytes, int sampleRate) {
        int channels = 1;
        int bits = 16;
        int blockAlign = channels * bits / 8;
        ByteBuffer wav = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes(StandardCharsets.US_ASCII))
                .putInt(36 + dataBytes)
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
                .putInt(dataBytes);
        return wav.array();
    }
}

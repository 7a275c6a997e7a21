package dev.realtime.tts.local;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import dev.realtime.audio.Pcm16;
import dev.realtime.tts.TtsException;

import dev.realtime.upstream.FailureKind;

/**
 * Reads the PCM of a 16-bit mono WAV file, walking its chunks. Pure.
 */
final class WavData {
    private WavData() {
    }

    static short[] samples16k(byte[] wav) {
        if (wav.length < 12 || !"RIFF".equals(new String(wav, 0, 4, StandardCharsets.US_ASCII))) {
            throw new TtsException(FailureKind.STREAM_BROKEN, "flite did not write a WAV file");
        }
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        int pos = 12;
        while (pos + 8 <= wav.length) {
            String id = new String(wav, pos, 4, StandardCharsets.US_ASCII);
            int size = b.getInt(pos + 4);
            if ("fmt ".equals(id) && (b.getShort(pos + 10) != 1 || b.getInt(pos + 12) != 16_000
                    || b.getShort(pos + 22) != 16)) {
                throw new TtsException(FailureKind.STREAM_BROKEN,
                                       "flite wrote an unexpected format (want 16 kHz mono 16-bit)");
            }
            if ("data".equals(id)) {
                int len = Math.min(size < 0 ? Integer.MAX_VALUE : size, wav.length - pos - 8);
                len -= len % 2;
                short[] samples = new short[len / 2];
                Pcm16.toShorts(wav, pos + 8, len, samples, 0);
                return samples;
            }
            pos += 8 + size + (size & 1);
        }
        throw new TtsException(FailureKind.STREAM_BROKEN, "flite's WAV file has no data");
    }
}

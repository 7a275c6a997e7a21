package dev.realtime.tts.openai;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

class SpeechDecoderTest {

    /** A 24 kHz WAV body of {@code frames} frames; channel c of frame f holds {@code f * 3 + c * 1000 - 500}. */
    private static byte[] wav(int channels, int frames) {
        ByteBuffer b = ByteBuffer.allocate(44 + frames * channels * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + frames * channels * 2).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) channels).putInt(24_000)
                .putInt(24_000 * channels * 2).putShort((short) (channels * 2)).putShort((short) 16);
        b.put("data".getBytes()).putInt(frames * channels * 2);
        for (int f = 0; f < frames; f++) {
            for (int c = 0; c < channels; c++) {
                b.putShort((short) (f * 3 + c * 1000 - 500));
            }
        }
        return b.array();
    }

    /** Decodes {@code body} handed over in chunks of {@code size} bytes. */
    private static List<Short> decode(byte[] body, int size) {
        SpeechDecoder decoder = SpeechDecoder.create("audio/wav", 24_000);
        List<Short> samples = new ArrayList<>();
        for (int at = 0; at < body.length; at += size) {
            int n = Math.min(size, body.length - at);
            byte[] chunk = new byte[n + 3]; // longer than what it holds, as a reused read buffer is
            System.arraycopy(body, at, chunk, 0, n);
            decoder.accept(chunk, n, (s, count) -> {
                for (int i = 0; i < count; i++) {
                    samples.add(s[i]);
                }
            });
        }
        decoder.finish((s, count) -> { });
        return samples;
    }

    @Test
    void framesSplitAnywhereBetweenChunksDecodeAsInOnePiece() {
        for (int channels = 1; channels <= 3; channels++) {
            byte[] body = wav(channels, 301);
            List<Short> whole = decode(body, body.length);
            assertThat(whole.size(), is(301));
            short expected = (short) (100 * 3 + ((channels - 1) * 1000) / 2 - 500);
            assertThat(whole.get(100), is(expected));
            for (int size : new int[] {1, 2, 3, 5, 7, 64, 4_801}) {
                assertThat("channels " + channels + ", chunks of " + size, decode(body, size), is(whole));
            }
        }
    }
}

package dev.realtime.stt.local;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The WAV reader and WER the transcription tests rely on. */
class TestHelpersTest {

    @Test
    void werCountsSubstitutionsDeletionsAndInsertions() {
        assertThat(Wer.of("the weather is nice today", "The weather is nice today."), is(0.0));
        assertThat(Wer.of("book a table for two", "but the table for two"), closeTo(0.4, 1e-9));
        assertThat(Wer.of("what time is it", "what is it"), closeTo(0.25, 1e-9));
        assertThat(Wer.of("what time is it", "so what time is it now"), closeTo(0.5, 1e-9));
        assertThat(Wer.of("what time is it", ""), is(1.0));
    }

    @Test
    void wavReaderFindsTheDataChunkAfterOtherChunks() {
        byte[] wav = wav(16_000, 1, new short[] {1, -2, 300}, 6, true);
        assertThat(WavFixtures.parse(wav), is(new short[] {1, -2, 300}));
    }

    @Test
    void wavReaderReadsPlaceholderDataSizesToTheEnd() {
        byte[] wav = wav(16_000, 1, new short[] {7, 8}, 0x7FFFF024, false);
        assertThat(WavFixtures.parse(wav), is(new short[] {7, 8}));
    }

    @Test
    void wavReaderRejectsOtherFormats() {
        assertThrows(IllegalArgumentException.class, () -> WavFixtures.parse(wav(22_050, 1, new short[2], 4, false)));
        assertThrows(IllegalArgumentException.class, () -> WavFixtures.parse(wav(16_000, 2, new short[2], 4, false)));
        assertThrows(IllegalArgumentException.class, () -> WavFixtures.parse("RIFX....WAVE".getBytes()));
    }

    @Test
    void fixturesAre16kMono() {
        for (Fixtures.Fixture fixture : Fixtures.ALL) {
            double seconds = fixture.samples().length / 16_000.0;
            assertThat(fixture.resource(), seconds, closeTo(1.5, 1.0));
        }
    }

    private static byte[] wav(int rate, int channels, short[] samples, int dataSize, boolean extraChunk) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer fmt = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) 1).putShort((short) channels).putInt(rate).putInt(rate * 2 * channels)
                .putShort((short) (2 * channels)).putShort((short) 16);
        ByteBuffer data = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : samples) {
            data.putShort(s);
        }
        out.writeBytes("RIFF".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(le(0x7FFFFFFF));
        out.writeBytes("WAVE".getBytes(StandardCharsets.US_ASCII));
        chunk(out, "fmt ", fmt.array(), 16);
        if (extraChunk) {
            chunk(out, "LIST", new byte[] {1, 2, 3}, 3); // odd size: padded to 4
            out.write(0);
        }
        chunk(out, "data", data.array(), dataSize);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String id, byte[] body, int declaredSize) {
        out.writeBytes(id.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(le(declaredSize));
        out.writeBytes(body);
    }

    private static byte[] le(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
    }
}

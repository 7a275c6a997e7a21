package dev.realtime.stt.openai;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.realtime.stt.SttTestSupport;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

class TurnPcmTest {

    private static byte[] joined(List<byte[]> chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        chunks.forEach(out::writeBytes);
        return out.toByteArray();
    }

    private static void add(TurnPcm turn, int millis, int base, int perCall) {
        int total = 16 * millis;
        short[] samples = new short[perCall];
        for (int done = 0; done < total; done += perCall) {
            int n = Math.min(perCall, total - done);
            for (int i = 0; i < n; i++) {
                samples[i] = (short) (base + done + i);
            }
            turn.add(samples, n);
        }
    }

    @Test
    void aTurnLongerThanAChunkComesBackAsTheSameLittleEndianBytesInExactChunks() {
        TurnPcm turn = new TurnPcm(OpenAiTranscriptionStream.MAX_BYTES);
        add(turn, 1_700, 3_000, 331); // 54,400 bytes: three full chunks and a part, calls straddling chunk ends
        assertThat(turn.bytes(), is(54_400));
        List<byte[]> chunks = turn.take();
        assertThat(chunks.stream().map(c -> c.length).toList(),
                   is(List.of(TurnPcm.CHUNK, TurnPcm.CHUNK, TurnPcm.CHUNK, 54_400 - 3 * TurnPcm.CHUNK)));
        assertThat(Arrays.equals(joined(chunks), SttTestSupport.pcm(1_700, 3_000)), is(true));
        assertThat("taking starts an empty turn", turn.bytes(), is(0));
        add(turn, 20, 7, 320);
        assertThat(Arrays.equals(joined(turn.take()), SttTestSupport.pcm(20, 7)), is(true));
    }

    @Test
    void audioPastTheLimitIsDroppedAndClearForgetsTheTurn() {
        TurnPcm turn = new TurnPcm(1_001); // an odd limit: whole samples only
        add(turn, 100, 0, 320);
        assertThat(turn.bytes(), is(1_000));
        List<byte[]> chunks = turn.take();
        assertThat(chunks.stream().map(c -> c.length).toList(), everyItem(lessThanOrEqualTo(1_000)));
        assertThat(Arrays.equals(joined(chunks), Arrays.copyOf(SttTestSupport.pcm(100, 0), 1_000)), is(true));
        add(turn, 10, 0, 160);
        turn.clear();
        assertThat(turn.bytes(), is(0));
        assertThat(turn.take(), is(List.of()));
    }
}

package dev.realtime.stt.openai;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.realtime.audio.Pcm16;

/**
 * One turn's 16 kHz audio as PCM16 little-endian bytes, kept in chunks of {@value #CHUNK} bytes. A growing single
 * array copied the turn on every doubling, and a turn then went through five more copies on its way into the
 * request; chunks are written once and handed to the request body as they are (only the last one is cut to size).
 * Audio past {@code maxBytes} is dropped. Not thread-safe: the stream guards it with its lock.
 */
final class TurnPcm {
    static final int CHUNK = 16 * 1024;

    private final int maxBytes;
    private List<byte[]> chunks = new ArrayList<>();
    private byte[] current = new byte[0];
    private int used;
    private int bytes;

    TurnPcm(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Appends samples (as many as fit under the limit: a sample is never split). */
    void add(short[] samples, int count) {
        int take = Math.min(count, (maxBytes - bytes) / 2);
        for (int done = 0; done < take; ) {
            if (used == current.length) {
                if (used > 0) {
                    chunks.add(current);
                }
                current = new byte[CHUNK];
                used = 0;
            }
            int n = Math.min(take - done, (current.length - used) / 2);
            Pcm16.toBytes(samples, done, n, current, used);
            used += 2 * n;
            done += n;
        }
        bytes += 2 * take;
    }

    /** Bytes held. */
    int bytes() {
        return bytes;
    }

    /**
     * Takes the turn and starts an empty one.
     *
     * @return the chunks in order, each exactly as long as the audio it holds
     */
    List<byte[]> take() {
        List<byte[]> taken = chunks;
        if (used > 0) {
            taken.add(used == current.length ? current : Arrays.copyOf(current, used));
        }
        chunks = new ArrayList<>();
        current = new byte[0];
        used = 0;
        bytes = 0;
        return taken;
    }

    /** Forgets the turn. */
    void clear() {
        chunks = new ArrayList<>();
        current = new byte[0];
        used = 0;
        bytes = 0;
    }
}

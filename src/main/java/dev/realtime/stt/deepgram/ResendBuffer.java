package dev.realtime.stt.deepgram;

/**
 * The PCM16 bytes of one turn with a cursor marking what was sent on the current connection. Keeps at most
 * {@code maxBytes} (the oldest bytes go first), so a reconnect can resend the turn. STT loop thread only.
 */
final class ResendBuffer {

    private final int maxBytes;
    private byte[] data = new byte[8_192];
    private int start;
    private int sent;
    private int end;
    private long unsentSince;

    ResendBuffer(int maxBytes) {
        this.maxBytes = maxBytes & ~1;
    }

    /**
     * @param chunk little-endian PCM16 bytes (an even count)
     * @param now   {@link System#nanoTime()}
     */
    void append(byte[] chunk, long now) {
        if (unsent() == 0) {
            unsentSince = now;
        }
        ensureRoom(chunk.length);
        System.arraycopy(chunk, 0, data, end, chunk.length);
        end += chunk.length;
        int excess = size() - maxBytes;
        if (excess > 0) {
            start += excess;
            sent = Math.max(sent, start);
        }
    }

    int size() {
        return end - start;
    }

    int unsent() {
        return end - sent;
    }

    /** @return {@link System#nanoTime()} when the oldest unsent byte arrived */
    long unsentSince() {
        return unsentSince;
    }

    /**
     * @param max largest batch
     * @return a copy of the next unsent bytes, at most {@code max}
     */
    byte[] peek(int max) {
        byte[] batch = new byte[Math.min(max, unsent())];
        System.arraycopy(data, sent, batch, 0, batch.length);
        return batch;
    }

    /**
     * @param count bytes just sent
     * @param now   {@link System#nanoTime()}
     */
    void markSent(int count, long now) {
        sent += count;
        unsentSince = now;
    }

    /** Everything kept becomes unsent again (a new connection). */
    void rewind(long now) {
        sent = start;
        unsentSince = now;
    }

    void clear() {
        start = 0;
        sent = 0;
        end = 0;
    }

    private void ensureRoom(int more) {
        if (end + more <= data.length) {
            return;
        }
        int size = size();
        byte[] target = size + more <= data.length / 2 ? data : new byte[Math.max(data.length * 2, size + more)];
        System.arraycopy(data, start, target, 0, size);
        data = target;
        sent -= start;
        end = size;
        start = 0;
    }
}

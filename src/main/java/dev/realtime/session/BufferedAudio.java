package dev.realtime.session;

import java.util.Arrays;

import dev.realtime.protocol.AudioFormat;

/**
 * The client's audio since the last commit, in the client's own format, positioned on the session's input-audio
 * clock, so a commit can cut the item's audio at the turn's start (prefix padding included).
 * <p>
 * One array with a moving start: trimming only moves the start, and appending slides the held audio back to the
 * front when the array would otherwise have to grow, so a session between turns neither allocates nor copies per
 * append. A turn grows the array to twice what it holds; once the turn is taken, an array much larger than what the
 * session holds between turns is let go, so every session does not keep its longest turn's buffer for the rest of
 * the call (it was the largest part of an idle session's heap). Used on the session loop only.
 */
final class BufferedAudio {
    private static final int INITIAL = 16 * 1024;

    private byte[] buffer = new byte[INITIAL];
    private int keepBytes;
    private int head;
    private int tail;
    private AudioFormat format;
    private long startMs;

    BufferedAudio(AudioFormat format) {
        this.format = format;
    }

    /** Appends client bytes that start at the given input-clock time (ms) when the buffer is empty. */
    void append(byte[] audio, long atMs) {
        if (tail == head) {
            head = 0;
            tail = 0;
            startMs = atMs;
        }
        if (tail + audio.length > buffer.length) {
            int held = tail - head;
            if (held + audio.length > buffer.length / 2) {
                // twice what is held: a trimmed buffer then slides once per half of it, and does not grow again
                buffer = Arrays.copyOfRange(buffer, head, head + 2 * (held + audio.length));
            } else {
                System.arraycopy(buffer, head, buffer, 0, held);
            }
            head = 0;
            tail = held;
        }
        System.arraycopy(audio, 0, buffer, tail, audio.length);
        tail += audio.length;
    }

    /**
     * Forgets audio older than {@code keepMs} before the end. With server VAD a turn never reaches further back
     * than the VAD's own history; without this the silence between turns piled up for the whole call.
     */
    void trim(long keepMs) {
        int bytesPerMs = format.rate() / 1000 * format.bytesPerSample();
        keepBytes = (int) keepMs * bytesPerMs;
        int drop = tail - head - keepBytes;
        if (drop > 0) {
            drop -= drop % bytesPerMs; // whole milliseconds keep startMs exact
            head += drop;
            startMs += drop / bytesPerMs;
        }
    }

    /** Milliseconds of audio held. */
    long millis() {
        return format.millis(tail - head);
    }

    /** Input-clock time of the first byte held. */
    long startMs() {
        return startMs;
    }

    /**
     * Takes the audio from the given input-clock time to the end, leaving the buffer empty.
     *
     * @param fromMs turn start (speech onset minus prefix padding)
     * @return the audio bytes, whole samples only
     */
    byte[] take(long fromMs) {
        long skipMs = Math.max(0, fromMs - startMs);
        int frame = format.bytesPerSample();
        int held = tail - head;
        long skip = Math.min(held, skipMs * format.rate() / 1000 * frame);
        int end = held - held % frame;
        byte[] out = skip >= end ? new byte[0] : Arrays.copyOfRange(buffer, head + (int) skip, head + end);
        head = 0;
        tail = 0;
        int between = Math.max(INITIAL, 2 * keepBytes);
        if (buffer.length > 2 * between) {
            buffer = new byte[between];
        }
        return out;
    }

    /** Bytes the buffer can hold before it grows; for tests. */
    int capacity() {
        return buffer.length;
    }

    /** Drops everything held, and switches format if it changed. */
    void clear(AudioFormat newFormat) {
        head = 0;
        tail = 0;
        format = newFormat;
    }
}

package dev.realtime.session;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

import dev.realtime.protocol.AudioFormat;

/**
 * The client's audio since the last commit, in the client's own format, positioned on the session's input-audio
 * clock, so a commit can cut the item's audio at the turn's start (prefix padding included). Used on the session
 * loop only.
 */
final class TurnAudio {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private AudioFormat format;
    private long startMs;

    TurnAudio(AudioFormat format) {
        this.format = format;
    }

    /** Appends client bytes that start at the given input-clock time (ms) when the buffer is empty. */
    void append(byte[] audio, long atMs) {
        if (bytes.size() == 0) {
            startMs = atMs;
        }
        bytes.writeBytes(audio);
    }

    /**
     * Forgets audio older than {@code keepMs} before the end, once twice that much is held (so the copy is paid
     * once per {@code keepMs} of audio). With server VAD a turn never reaches further back than the VAD's own
     * history, and without this the silence between turns piled up for the whole call.
     */
    void trim(long keepMs) {
        int keep = (int) (keepMs * format.rate() / 1000 * format.bytesPerSample());
        if (bytes.size() < 2 * keep) {
            return;
        }
        byte[] all = bytes.toByteArray();
        int drop = all.length - keep;
        drop -= drop % (format.rate() / 1000 * format.bytesPerSample()); // whole milliseconds keep startMs exact
        startMs += format.millis(drop);
        bytes.reset();
        bytes.write(all, drop, all.length - drop);
    }

    /** Milliseconds of audio held. */
    long millis() {
        return format.millis(bytes.size());
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
        byte[] all = bytes.toByteArray();
        bytes.reset();
        long skipMs = Math.max(0, fromMs - startMs);
        int frame = format.bytesPerSample();
        long skip = Math.min(all.length, skipMs * format.rate() / 1000 * frame);
        int end = all.length - all.length % frame;
        return skip >= end ? new byte[0] : Arrays.copyOfRange(all, (int) skip, end);
    }

    /** Drops everything held, and switches format if it changed. */
    void clear(AudioFormat newFormat) {
        bytes.reset();
        format = newFormat;
    }
}

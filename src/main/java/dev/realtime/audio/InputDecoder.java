package dev.realtime.audio;

import java.util.Objects;

import dev.realtime.protocol.AudioFormat;

/**
 * Turns one session's client audio, in the session's input format, into 16 kHz mono samples for VAD and STT.
 * G.711 bytes are expanded, PCM16 bytes are read little-endian (a byte that ends a chunk mid-sample is kept and
 * joined with the first byte of the next chunk), and the result is resampled to {@value #RATE} Hz with a
 * {@link Resampler.Quality#SPEECH} filter: nobody listens to this audio, only VAD and speech recognition read it.
 *
 * <p>Decoded samples queue in {@link #samples()}: read {@code samples()[0 .. available())}, then
 * {@link #consume(int)} what was used; what is left (such as a partial VAD frame) waits for the next chunk.
 * {@link #position()} is the 16 kHz sample index of {@code samples()[0]}, so every frame can be timestamped by
 * its own position. The 16 kHz output lags the input by {@link #delaySamples()} (the resampler's group delay).
 *
 * <p>Reuses its buffers: steady streaming allocates nothing. Not thread-safe: used on the session loop only.
 */
public final class InputDecoder {

    /** Output sample rate in Hz. */
    public static final int RATE = 16_000;
    private static final int BLOCK = 2048;

    private final AudioFormat format;
    private final Resampler resampler;
    private final SampleBuffer output = SampleBuffer.create(BLOCK);
    private final short[] scratch = new short[BLOCK];
    private int pendingByte = -1;
    private long inputBytes;
    private long consumed;

    private InputDecoder(AudioFormat format) {
        this.format = format;
        this.resampler = Resampler.create(format.rate(), RATE, Resampler.Quality.SPEECH);
    }

    /**
     * @param format the session's input audio format
     * @return a decoder at the start of the session's input stream
     */
    public static InputDecoder create(AudioFormat format) {
        return new InputDecoder(Objects.requireNonNull(format, "format"));
    }

    /**
     * Decodes the next chunk of client audio and appends the 16 kHz samples to {@link #samples()}.
     *
     * @param chunk client audio bytes
     * @param off   first byte
     * @param len   number of bytes, any count (an odd PCM16 count leaves half a sample for the next chunk)
     * @return number of 16 kHz samples appended
     */
    public int decode(byte[] chunk, int off, int len) {
        Objects.checkFromIndexSize(off, len, chunk.length);
        inputBytes += len;
        int produced = 0;
        int pos = off;
        int end = off + len;
        if (format == AudioFormat.PCM16 && pendingByte >= 0 && pos < end) {
            scratch[0] = (short) (pendingByte | (chunk[pos++] << 8));
            pendingByte = -1;
            produced += resampler.process(scratch, 0, 1, output);
        }
        while (pos < end) {
            int bytes;
            int n;
            if (format == AudioFormat.PCM16) {
                bytes = Math.min(end - pos, 2 * BLOCK) & ~1;
                Pcm16.toShorts(chunk, pos, bytes, scratch, 0);
                n = bytes >> 1;
                if (end - pos - bytes == 1) {
                    pendingByte = chunk[end - 1] & 0xFF;
                    bytes++;
                }
            } else {
                bytes = Math.min(end - pos, BLOCK);
                n = bytes;
                if (format == AudioFormat.PCMU) {
                    G711.decodeUlaw(chunk, pos, bytes, scratch, 0);
                } else {
                    G711.decodeAlaw(chunk, pos, bytes, scratch, 0);
                }
            }
            pos += bytes;
            produced += resampler.process(scratch, 0, n, output);
        }
        return produced;
    }

    /**
     * @return the queued 16 kHz samples, valid at {@code [0, available())}; the array may be replaced by the
     *         next {@link #decode}, so fetch it again afterwards
     */
    public short[] samples() {
        return output.array();
    }

    /** Number of queued 16 kHz samples. */
    public int available() {
        return output.size();
    }

    /**
     * Drops samples from the front of the queue.
     *
     * @param count number of samples used, at most {@link #available()}
     */
    public void consume(int count) {
        output.consume(count);
        consumed += count;
    }

    /** 16 kHz sample index (since the session's input started) of {@code samples()[0]}. */
    public long position() {
        return consumed;
    }

    /** Group delay of the 16 kHz output, in 16 kHz samples. */
    public int delaySamples() {
        return (int) ((long) resampler.delay() * RATE / format.rate());
    }

    /** Whole input samples received so far, on the client's clock. */
    public long inputSamples() {
        return inputBytes / format.bytesPerSample();
    }

    /** Milliseconds of input audio received so far on the client's clock, rounded down. */
    public long inputMillis() {
        return AudioClock.millis(inputSamples(), format.rate());
    }

    /** The input format. */
    public AudioFormat format() {
        return format;
    }
}

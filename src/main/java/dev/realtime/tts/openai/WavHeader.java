package dev.realtime.tts.openai;

import java.util.Optional;

import dev.realtime.tts.TtsException;

import dev.realtime.upstream.FailureKind;

/**
 * The parts of a RIFF/WAVE header that matter for streaming PCM: rate, channels, and where the {@code data}
 * chunk starts. Sizes of {@code RIFF} and {@code data} are ignored (a streamed WAV carries 0 or 0xFFFFFFFF);
 * chunks other than {@code fmt } before {@code data} (e.g. {@code LIST}) are skipped. Pure.
 *
 * @param sampleRate  frames per second
 * @param channels    interleaved 16-bit channels
 * @param dataOffset  byte offset of the first sample
 */
record WavHeader(int sampleRate, int channels, int dataOffset) {

    /** Headers longer than this are refused as not a WAV we can stream. */
    static final int MAX_HEADER = 16_384;

    /**
     * @param bytes the start of the body
     * @param len   how many bytes of it are valid
     * @return the header, or empty when more bytes are needed
     * @throws TtsException when the header is not 16-bit PCM WAV
     */
    static Optional<WavHeader> parse(byte[] bytes, int len) {
        if (len < 12) {
            return Optional.empty();
        }
        if (!tag(bytes, 0, "RIFF") || !tag(bytes, 8, "WAVE")) {
            throw new TtsException(FailureKind.STREAM_BROKEN, "Speech upstream sent a malformed WAV header");
        }
        int rate = 0;
        int channels = 0;
        int pos = 12;
        while (pos + 8 <= len) {
            long size = u32(bytes, pos + 4);
            if (tag(bytes, pos, "data")) {
                if (rate == 0) {
                    throw new TtsException(FailureKind.STREAM_BROKEN,
                                           "Speech upstream sent a WAV without a fmt chunk before its data");
                }
                return Optional.of(new WavHeader(rate, channels, pos + 8));
            }
            if (tag(bytes, pos, "fmt ")) {
                if (pos + 8 + 16 > len) {
                    return Optional.empty();
                }
                int format = u16(bytes, pos + 8);
                channels = u16(bytes, pos + 10);
                rate = (int) u32(bytes, pos + 12);
                int bits = u16(bytes, pos + 22);
                if ((format != 1 && format != 0xFFFE) || bits != 16 || channels < 1 || rate <= 0) {
                    throw new TtsException(FailureKind.STREAM_BROKEN, "Speech upstream sent WAV audio that is not "
                            + "16-bit PCM (format " + format + ", " + bits + " bits, " + channels + " channels)");
                }
            }
            pos += 8 + (int) Math.min(size + (size & 1), MAX_HEADER);
            if (pos > MAX_HEADER) {
                break;
            }
        }
        if (pos > MAX_HEADER || len >= MAX_HEADER) {
            throw new TtsException(FailureKind.STREAM_BROKEN, "Speech upstream sent a WAV header without a data chunk");
        }
        return Optional.empty();
    }

    private static boolean tag(byte[] b, int at, String name) {
        for (int i = 0; i < 4; i++) {
            if (b[at + i] != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    private static long u32(byte[] b, int at) {
        return u16(b, at) | (long) u16(b, at + 2) << 16;
    }
}

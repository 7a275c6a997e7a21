package dev.realtime.stt.local;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import dev.realtime.stt.SttException;

/**
 * One pocketsphinx decoder ({@code ps_decoder_t}). Not thread-safe: one utterance at a time, on whichever
 * decoder worker thread currently holds it (see {@link DecoderPool}); it may move between threads between
 * utterances. After a failed utterance the decoder's state is unknown and it must be closed, not reused.
 */
final class Decoder implements AutoCloseable {

    /** Samples handed to {@code ps_process_raw} per call (256 ms at 16 kHz). */
    static final int CHUNK = 4096;

    private final PsNative natives;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment pcm;
    private final MemorySegment score;
    private MemorySegment decoder;

    Decoder(PsNative natives, MemorySegment decoder) {
        this.natives = natives;
        this.decoder = decoder;
        this.pcm = arena.allocate(ValueLayout.JAVA_SHORT, CHUNK);
        this.score = arena.allocate(ValueLayout.JAVA_INT);
    }

    /**
     * Decodes one utterance.
     *
     * @param samples 16 kHz mono samples
     * @param count   how many samples from the start of the array
     * @return the hypothesis, lower-case words separated by single spaces; empty when nothing was recognised
     * @throws SttException when pocketsphinx reports an error
     */
    String decode(short[] samples, int count) {
        if (decoder.equals(MemorySegment.NULL)) {
            throw new SttException("decoder closed");
        }
        check("ps_start_utt", natives.startUtt(decoder));
        for (int offset = 0; offset < count; offset += CHUNK) {
            int n = Math.min(CHUNK, count - offset);
            MemorySegment.copy(samples, offset, pcm, ValueLayout.JAVA_SHORT, 0, n);
            check("ps_process_raw", natives.processRaw(decoder, pcm, n));
        }
        check("ps_end_utt", natives.endUtt(decoder));
        MemorySegment hyp = natives.hypothesis(decoder, score);
        if (hyp.equals(MemorySegment.NULL)) {
            return "";
        }
        return hyp.reinterpret(Integer.MAX_VALUE).getString(0).trim().replaceAll("\\s+", " ");
    }

    private static void check(String function, int rc) {
        if (rc < 0) {
            throw new SttException(function + " returned " + rc);
        }
    }

    /** Frees the native decoder. Idempotent; never while an utterance is being decoded. */
    @Override
    public void close() {
        if (!decoder.equals(MemorySegment.NULL)) {
            natives.free(decoder);
            decoder = MemorySegment.NULL;
            arena.close();
        }
    }
}

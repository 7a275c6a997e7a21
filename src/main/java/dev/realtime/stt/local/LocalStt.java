package dev.realtime.stt.local;

import java.time.Duration;
import java.util.Optional;

import dev.realtime.stt.SttEngine;
import dev.realtime.stt.SttOptions;
import dev.realtime.stt.SttStream;

/**
 * Offline speech-to-text with pocketsphinx (US English, 16 kHz), for when no cloud key is configured. Basic
 * quality: near-perfect on clear synthetic speech, much worse on real voices and noise.
 *
 * <p>Each session's stream buffers a turn and decodes it after the commit with a decoder from a pool shared by
 * all sessions; there are no interim deltas while the user speaks. A recognised turn yields one
 * {@link dev.realtime.stt.SttEvent.Delta} with the whole text followed by
 * {@link dev.realtime.stt.SttEvent.Completed}; the text is lower-case words as pocketsphinx returns them, left
 * uncapitalised and unpunctuated (see {@link TurnResults}). The session's language and prompt hints are ignored.
 *
 * <p>Thread-safe: {@link #open} is called on session loops, {@link #close()} once at shutdown.
 */
public final class LocalStt implements SttEngine, AutoCloseable {

    /**
     * Longest wait of a committed turn for a free decoder before it fails with {@code transcription_error}, unless
     * the configuration says otherwise ({@link #withDecoderWait}).
     */
    public static final Duration DECODER_WAIT = Duration.ofSeconds(15);

    /** Longest turn transcribed: 2 minutes; audio beyond it in one turn is ignored. */
    public static final int MAX_TURN_SAMPLES = SttStream.SAMPLE_RATE * 120;

    private final PocketSphinx library;
    private final DecoderPool pool;
    private final Duration decoderWait;

    private LocalStt(PocketSphinx library, DecoderPool pool, Duration decoderWait) {
        this.library = library;
        this.pool = pool;
        this.decoderWait = decoderWait;
    }

    /**
     * The same engine (same decoders) with another wait for a free decoder: the configured end-of-turn bound, as
     * decoding itself takes a fraction of the turn's length.
     *
     * @param wait longest wait of a committed turn for a decoder
     * @return the engine; close only one of the two
     */
    public LocalStt withDecoderWait(Duration wait) {
        return new LocalStt(library, pool, wait);
    }

    /**
     * The engine with one decoder per core, or empty when pocketsphinx is not installed
     * ({@link PocketSphinx#probe()} says why). Loads no model yet; never throws.
     */
    public static Optional<LocalStt> create() {
        return create(DecoderPool.defaultSize());
    }

    /**
     * The engine, or empty when pocketsphinx is not installed ({@link PocketSphinx#probe()} says why).
     * Decoders are loaded on first use; never throws for a missing library.
     *
     * @param poolSize most decoders alive at once (about 100 MB each), at least 1
     */
    public static Optional<LocalStt> create(int poolSize) {
        return PocketSphinx.load().map(ps -> create(ps, poolSize));
    }

    /**
     * The engine over an already loaded library.
     *
     * @param library  the library
     * @param poolSize most decoders alive at once, at least 1
     */
    public static LocalStt create(PocketSphinx library, int poolSize) {
        return new LocalStt(library, DecoderPool.create(library, poolSize), DECODER_WAIT);
    }

    @Override
    public String name() {
        return "local";
    }

    /** For logs and {@code /health}: the engine, model and pool size. */
    public String description() {
        return "pocketsphinx 5prealpha (" + library.model() + "), " + pool.size() + " decoder(s)";
    }

    /** The shared decoder pool. */
    public DecoderPool pool() {
        return pool;
    }

    @Override
    public SttStream open(SttOptions options) {
        return new LocalSttStream(pool, decoderWait, MAX_TURN_SAMPLES);
    }

    /** Frees the decoders; streams still open fail their next turns. */
    @Override
    public void close() {
        pool.close();
    }
}

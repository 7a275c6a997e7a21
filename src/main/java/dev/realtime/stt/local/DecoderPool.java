package dev.realtime.stt.local;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import dev.realtime.stt.SttException;

/**
 * A bounded pool of pocketsphinx decoders shared by all sessions. Decoders are created lazily, at most
 * {@link #size()} of them, and each decodes one utterance at a time.
 *
 * <p>{@link #transcribe} is called on a session's STT virtual thread: it waits (parked) for a free decoder, then
 * runs the native work on one of {@link #size()} platform worker threads. Native calls pin the carrier thread,
 * and a decode takes up to a second of CPU, so running them on virtual threads would starve every other virtual
 * thread on a small machine. {@link #close()} may be called from any thread.
 */
public final class DecoderPool implements AutoCloseable {

    private final PocketSphinx library;
    private final int size;
    private final DecoderSlots<Decoder> slots;
    private final ExecutorService workers;

    private DecoderPool(PocketSphinx library, int size) {
        this.library = library;
        this.size = size;
        this.slots = new DecoderSlots<>(size, Decoder::close);
        this.workers = Executors.newFixedThreadPool(size, Thread.ofPlatform().daemon().name("pocketsphinx-", 1)
                .factory());
    }

    /**
     * Creates an empty pool; no decoder is loaded until the first utterance.
     *
     * @param library the loaded library
     * @param size    most decoders alive at once (each about 100 MB), at least 1
     */
    public static DecoderPool create(PocketSphinx library, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("pool size must be at least 1, got " + size);
        }
        return new DecoderPool(library, size);
    }

    /** The default size: one decoder per available core. */
    public static int defaultSize() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /** Most decoders alive at once. */
    public int size() {
        return size;
    }

    /** Decoders alive or being created now; never more than {@link #size()}. */
    public int created() {
        return slots.created();
    }

    /**
     * Decodes one utterance with a pooled decoder.
     *
     * @param samples 16 kHz mono samples
     * @param count   how many samples from the start of the array
     * @param wait    longest wait for a free decoder
     * @return the hypothesis, empty when nothing was recognised
     * @throws SttException         when no decoder became free in time, the pool is closed, or decoding failed
     * @throws InterruptedException when the calling thread is interrupted (the native work still completes)
     */
    public String transcribe(short[] samples, int count, Duration wait) throws InterruptedException {
        Optional<Decoder> reserved = slots.reserve(wait);
        Future<String> job;
        try {
            job = workers.submit(() -> decode(reserved, samples, count));
        } catch (RejectedExecutionException e) {
            reserved.ifPresentOrElse(slots::discard, slots::unreserve);
            throw new SttException("decoder pool closed");
        }
        try {
            return job.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof SttException s ? s : new SttException("decoding failed", e.getCause());
        }
    }

    /** Runs on a platform worker: creates the decoder if needed, decodes, and gives it back or discards it. */
    private String decode(Optional<Decoder> reserved, short[] samples, int count) {
        Decoder decoder;
        try {
            decoder = reserved.orElseGet(library::newDecoder);
        } catch (RuntimeException e) {
            slots.unreserve();
            throw e;
        }
        String text;
        try {
            text = decoder.decode(samples, count);
        } catch (RuntimeException e) {
            slots.discard(decoder);
            throw e;
        }
        slots.giveBack(decoder);
        return text;
    }

    /** Frees idle decoders now and busy ones when their utterance ends; later calls fail. Any thread; idempotent. */
    @Override
    public void close() {
        slots.close();
        workers.shutdown();
    }

    /** Waits for running utterances to finish after {@link #close()}; for tests and orderly shutdown. */
    boolean awaitTermination(Duration timeout) throws InterruptedException {
        return workers.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}

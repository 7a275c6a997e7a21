package dev.realtime.stt.local;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import dev.realtime.stt.SttException;

/**
 * The bookkeeping of {@link DecoderPool}: at most {@code size} decoders exist at once, idle ones are handed out
 * before new ones are allowed, and callers wait (parked, with a deadline) when all are busy. Holds no native
 * code. Thread-safe: {@link #reserve} runs on STT virtual threads, the rest on decoder workers or any thread.
 *
 * @param <D> the decoder type
 */
final class DecoderSlots<D> {

    private final int size;
    private final Consumer<D> disposer;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    private final ArrayDeque<D> idle = new ArrayDeque<>();
    private int created;
    private boolean closed;

    DecoderSlots(int size, Consumer<D> disposer) {
        this.size = size;
        this.disposer = disposer;
    }

    /**
     * Takes an idle decoder, or the right to create one.
     *
     * @param wait longest wait when all decoders are busy
     * @return an idle decoder, or empty when the caller must create one (and later {@link #giveBack} it, or call
     *         {@link #unreserve()} if creation fails)
     * @throws SttException when the wait ran out or the slots are closed
     */
    Optional<D> reserve(Duration wait) throws InterruptedException {
        long nanos = wait.toNanos();
        lock.lock();
        try {
            while (true) {
                if (closed) {
                    throw new SttException("decoder pool closed");
                }
                if (!idle.isEmpty()) {
                    return Optional.of(idle.pop());
                }
                if (created < size) {
                    created++;
                    return Optional.empty();
                }
                if (nanos <= 0) {
                    throw new SttException("no pocketsphinx decoder free within " + wait.toMillis() + " ms");
                }
                nanos = released.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Returns a healthy decoder for reuse; once closed, disposes of it instead. */
    void giveBack(D decoder) {
        lock.lock();
        try {
            if (!closed) {
                idle.push(decoder);
                released.signal();
                return;
            }
        } finally {
            lock.unlock();
        }
        discard(decoder);
    }

    /** Disposes of a decoder (failed, or no longer wanted) and frees its slot. */
    void discard(D decoder) {
        unreserve();
        disposer.accept(decoder);
    }

    /** Frees a slot reserved for a decoder that was never created. */
    void unreserve() {
        lock.lock();
        try {
            created--;
            released.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Decoders alive or being created. */
    int created() {
        lock.lock();
        try {
            return created;
        } finally {
            lock.unlock();
        }
    }

    /** Disposes of idle decoders now and busy ones when given back; later reservations fail. Idempotent. */
    void close() {
        List<D> free;
        lock.lock();
        try {
            closed = true;
            free = List.copyOf(idle);
            idle.clear();
            released.signalAll();
        } finally {
            lock.unlock();
        }
        free.forEach(this::discard);
    }
}

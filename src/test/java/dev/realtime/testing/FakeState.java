package dev.realtime.testing;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The lock a fake provider keeps its script and recordings under, with one condition signalled on every change, so
 * a test can wait for what the fake records instead of sleeping. Shared by the Deepgram listen/speak and OpenAI
 * speech/transcription fakes; any thread (the fake's handlers, the test) may call it. Reentrant: a change may read.
 */
public final class FakeState {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    /** Runs a change under the lock and wakes the waiters. */
    public void update(Runnable change) {
        read(() -> {
            change.run();
            return null;
        });
    }

    /** Runs {@code action} under the lock, wakes the waiters, and returns its value. */
    public <T> T read(Supplier<T> action) {
        lock.lock();
        try {
            T value = action.get();
            changed.signalAll();
            return value;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until {@code condition} holds, re-checked under the lock after every change.
     *
     * @throws AssertionError on timeout or interruption, naming {@code what}
     */
    public void await(String what, Duration timeout, BooleanSupplier condition) {
        try {
            if (!awaitUntil(timeout, condition)) {
                throw new AssertionError("Timed out after " + timeout + " waiting for " + what);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted waiting for " + what, e);
        }
    }

    /** Waits until {@code condition} holds or the timeout passes; returns whether it holds. */
    public boolean awaitUntil(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        lock.lock();
        try {
            long left = timeout.toNanos();
            while (!condition.getAsBoolean()) {
                if (left <= 0) {
                    return false;
                }
                left = changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }
}

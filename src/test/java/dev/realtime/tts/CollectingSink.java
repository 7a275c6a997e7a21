package dev.realtime.tts;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import dev.realtime.audio.SampleBuffer;

/**
 * An {@link AudioSink} for tests: keeps every sample, counts chunks, and opens a latch at the first chunk. Called
 * on the speaking thread; read from the test thread.
 */
public final class CollectingSink implements AudioSink {

    private final ReentrantLock lock = new ReentrantLock();
    private final SampleBuffer samples = SampleBuffer.create(48_000);
    private final CountDownLatch first = new CountDownLatch(1);
    private final AtomicInteger chunks = new AtomicInteger();

    @Override
    public void audio(short[] chunk, int count) {
        lock.lock();
        try {
            samples.append(chunk, 0, count);
        } finally {
            lock.unlock();
        }
        chunks.incrementAndGet();
        first.countDown();
    }

    /** @return samples received so far */
    public int size() {
        lock.lock();
        try {
            return samples.size();
        } finally {
            lock.unlock();
        }
    }

    /** @return a copy of the samples received so far */
    public short[] samples() {
        lock.lock();
        try {
            return samples.toArray();
        } finally {
            lock.unlock();
        }
    }

    /** @return how many times audio was delivered */
    public int chunks() {
        return chunks.get();
    }

    /** Waits for the first chunk; throws AssertionError after {@code seconds}. */
    public void awaitFirst(long seconds) throws InterruptedException {
        if (!first.await(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("No audio within " + seconds + " s");
        }
    }
}

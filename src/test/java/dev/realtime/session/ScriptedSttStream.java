package dev.realtime.session;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.realtime.stt.SttEvent;
import dev.realtime.stt.SttStream;

/**
 * An {@link SttStream} whose {@link #take()} blocks on what the test scripts: an event to return, a
 * {@link RuntimeException} to throw, or the end of the stream. Records how often {@code take} was entered, on which
 * thread, and what the session fed it. {@link #close()} ends the stream. Thread-safe.
 */
final class ScriptedSttStream implements SttStream {
    private static final Object END = new Object();

    private final LinkedBlockingQueue<Object> steps = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<Integer> entered = new LinkedBlockingQueue<>();
    private final AtomicInteger takes = new AtomicInteger();
    private final LinkedBlockingQueue<String> commits = new LinkedBlockingQueue<>();
    private volatile Thread taker;
    private volatile boolean closed;
    private final ConcurrentLinkedQueue<Short> heard = new ConcurrentLinkedQueue<>();

    /** The next {@code take} returns this event. */
    void emit(SttEvent event) {
        steps.add(event);
    }

    /** The next {@code take} throws this. */
    void die(RuntimeException error) {
        steps.add(error);
    }

    /** The next {@code take} answers the end of the stream, as if it ended by itself. */
    void end() {
        steps.add(END);
    }

    /** Waits until {@code take} was entered {@code count} times in all; returns how often it was. */
    int awaitTakes(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (takes.get() < count) {
            if (entered.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS) == null) {
                break;
            }
        }
        return takes.get();
    }

    /** @return the next item committed, waiting at most the timeout */
    Optional<String> awaitCommit(Duration timeout) throws InterruptedException {
        return Optional.ofNullable(commits.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
    }

    /** @return the thread that last called {@code take} */
    Thread taker() {
        return taker;
    }

    boolean closed() {
        return closed;
    }

    /** @return every sample the stream was given, in order (read it after the commit that ends them) */
    List<Short> heard() {
        return List.copyOf(heard);
    }

    @Override
    public void begin(String itemId) {
    }

    @Override
    public void audio(short[] samples, int count) {
        for (int i = 0; i < count; i++) {
            heard.add(samples[i]);
        }
    }

    @Override
    public void commit(String itemId) {
        commits.add(itemId);
    }

    @Override
    public void clear() {
    }

    @Override
    public Optional<SttEvent> take() throws InterruptedException {
        taker = Thread.currentThread();
        entered.add(takes.incrementAndGet());
        Object step = steps.take();
        if (step instanceof RuntimeException e) {
            throw e;
        }
        return step == END ? Optional.empty() : Optional.of((SttEvent) step);
    }

    @Override
    public void close() {
        closed = true;
        steps.add(END);
    }
}

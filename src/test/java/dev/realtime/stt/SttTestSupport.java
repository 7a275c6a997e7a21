package dev.realtime.stt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Feeds audio to and collects events from an {@link SttStream} in tests. A virtual thread plays the session's STT
 * loop: it blocks in {@link SttStream#take()} from the start (a streaming engine works only while it is taken from)
 * and queues what it gets; the test thread reads that queue with timeouts. Call the collecting side from one test
 * thread.
 */
public final class SttTestSupport {

    private final LinkedBlockingQueue<Object> taken = new LinkedBlockingQueue<>();
    private final List<SttEvent> events = new ArrayList<>();
    private Optional<Object> end = Optional.empty();

    private SttTestSupport(SttStream stream) {
        Thread.ofVirtual().name("stt-test-loop").start(() -> {
            try {
                Optional<SttEvent> event;
                while ((event = stream.take()).isPresent()) {
                    taken.add(event.get());
                }
                taken.add("end of stream");
            } catch (InterruptedException | RuntimeException e) {
                taken.add(e);
            }
        });
    }

    /** @return a collector for the stream, taking from it at once */
    public static SttTestSupport of(SttStream stream) {
        return new SttTestSupport(stream);
    }

    /**
     * The next event the loop took.
     *
     * @return the event, or empty when the stream ended (or threw) or nothing came in time
     */
    public Optional<SttEvent> next(Duration timeout) throws InterruptedException {
        if (end.isPresent()) {
            return Optional.empty();
        }
        Object next = taken.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (next instanceof SttEvent event) {
            events.add(event);
            return Optional.of(event);
        }
        end = Optional.ofNullable(next);
        return Optional.empty();
    }

    /**
     * @return how the stream's {@code take()} ended: {@code "end of stream"}, or what it threw; empty while it
     *         goes on (waits at most {@code timeout})
     */
    public Optional<Object> awaitEnd(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (end.isEmpty() && System.nanoTime() < deadline) {
            Object next = taken.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (next instanceof SttEvent event) {
                events.add(event);
            } else if (next != null) {
                end = Optional.of(next);
            }
        }
        return end;
    }

    /**
     * Feeds {@code millis} of 16 kHz audio in 20 ms chunks, as fast as the stream takes it. Sample {@code i} of
     * the turn is {@code (short) (base + i)}, so tests can tell turns apart by content.
     */
    public static void feed(SttStream stream, int millis, int base) {
        int chunk = SttStream.SAMPLE_RATE / 50;
        int total = SttStream.SAMPLE_RATE / 1000 * millis;
        short[] samples = new short[chunk];
        for (int done = 0; done < total; done += chunk) {
            int n = Math.min(chunk, total - done);
            for (int i = 0; i < n; i++) {
                samples[i] = (short) (base + done + i);
            }
            stream.audio(samples, n);
        }
    }

    /** @return the little-endian PCM16 bytes {@link #feed} sends for the same arguments */
    public static byte[] pcm(int millis, int base) {
        int total = SttStream.SAMPLE_RATE / 1000 * millis;
        byte[] bytes = new byte[total * 2];
        for (int i = 0; i < total; i++) {
            short s = (short) (base + i);
            bytes[2 * i] = (byte) s;
            bytes[2 * i + 1] = (byte) (s >> 8);
        }
        return bytes;
    }

    /**
     * Waits until a {@code Completed} or {@code Failed} for {@code itemId} arrives; every event seen is kept.
     *
     * @throws AssertionError when none arrives in time
     */
    public SttEvent awaitResult(String itemId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<SttEvent> done = events.stream()
                    .filter(e -> e.itemId().equals(itemId) && !(e instanceof SttEvent.Delta))
                    .findFirst();
            if (done.isPresent()) {
                return done.get();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || end.isPresent()) {
                throw new AssertionError("No result for " + itemId + " within " + timeout + "; saw " + events
                        + end.map(e -> ", then " + e).orElse(""));
            }
            next(Duration.ofNanos(left));
        }
    }

    /** @return the deltas seen so far for the item, concatenated */
    public String deltas(String itemId) {
        StringBuilder text = new StringBuilder();
        events.stream()
                .filter(e -> e instanceof SttEvent.Delta && e.itemId().equals(itemId))
                .forEach(e -> text.append(((SttEvent.Delta) e).delta()));
        return text.toString();
    }

    /** @return every event seen so far */
    public List<SttEvent> events() {
        return List.copyOf(events);
    }

    /** @return results ({@code Completed}/{@code Failed}) seen so far for the item */
    public long results(String itemId) {
        return events.stream().filter(e -> e.itemId().equals(itemId) && !(e instanceof SttEvent.Delta)).count();
    }
}

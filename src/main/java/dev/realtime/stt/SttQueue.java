package dev.realtime.stt;

import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The results of a stream whose work runs on threads of its own (uploads, decoding), waiting for the session's STT
 * loop: {@link #add} from any thread, {@link #take()} on the loop thread. Once {@link #end()}ed, {@code take}
 * answers empty at once and later results are dropped. Thread-safe.
 */
public final class SttQueue {

    private sealed interface Entry {
        record Result(SttEvent event) implements Entry {
        }

        record End() implements Entry {
        }
    }

    private final LinkedBlockingQueue<Entry> entries = new LinkedBlockingQueue<>();
    private volatile boolean ended;

    /** Queues a result unless the queue has ended. Any thread. */
    public void add(SttEvent event) {
        if (!ended) {
            entries.add(new Entry.Result(event));
        }
    }

    /** Ends the queue: a blocked or later {@link #take()} answers empty; queued results are dropped. Any thread. */
    public void end() {
        ended = true;
        entries.clear();
        entries.add(new Entry.End());
    }

    /**
     * Blocks for the next result. One thread takes (the session's STT loop).
     *
     * @return the next result, or empty once the queue has ended
     * @throws InterruptedException when the calling thread is interrupted
     */
    public Optional<SttEvent> take() throws InterruptedException {
        if (ended) {
            return Optional.empty();
        }
        Entry next = entries.take();
        return next instanceof Entry.Result result && !ended ? Optional.of(result.event()) : Optional.empty();
    }
}

package dev.realtime.session;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Wakes a session loop when its next limit could be reached, by posting a {@link SessionMessage.Tick} from the
 * engine's timer thread, so the loop blocks in {@code take()} with no timed wait per message. A tick whose deadline
 * moved (the idle limit moves with every client event) only re-arms. {@link #arm(long)} runs on the session loop;
 * the posting runs on the timer thread.
 */
final class LimitTicks {
    private static final SessionMessage.Tick TICK = new SessionMessage.Tick();
    private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final ScheduledExecutorService timers;
    private final BlockingQueue<SessionMessage> inbox;
    private final AtomicReference<ScheduledFuture<?>> pending = new AtomicReference<>();
    private volatile boolean stopped;

    LimitTicks(ScheduledExecutorService timers, BlockingQueue<SessionMessage> inbox) {
        this.timers = timers;
        this.inbox = inbox;
    }

    /** Posts a tick after {@code nanos} (plus a millisecond, so the limit has surely passed). */
    void arm(long nanos) {
        schedule(nanos + TimeUnit.MILLISECONDS.toNanos(1));
    }

    /** No more ticks (the session ended). */
    void stop() {
        stopped = true;
        ScheduledFuture<?> f = pending.getAndSet(null);
        if (f != null) {
            f.cancel(false);
        }
    }

    private void schedule(long nanos) {
        pending.set(timers.schedule(this::post, nanos, TimeUnit.NANOSECONDS));
    }

    private void post() {
        // a full inbox must not lose the tick: the loop would then sleep through its limits
        if (!stopped && !inbox.offer(TICK)) {
            schedule(RETRY_NANOS);
        }
    }
}

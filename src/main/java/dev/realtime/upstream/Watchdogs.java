package dev.realtime.upstream;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one timer thread of the upstream streams' watchdogs (a model's or a speech engine's silence). A cancelled
 * check leaves the queue at once, so a stream that ended is not kept alive, with its buffers, until its check would
 * have run. Tasks must only flag and close; they never block. Thread-safe.
 */
public final class Watchdogs {
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private Watchdogs() {
    }

    /**
     * Runs a check once after a delay.
     *
     * @param delayNanos the delay
     * @param check      what to run, on the timer thread
     * @return what cancels it
     */
    public static ScheduledFuture<?> after(long delayNanos, Runnable check) {
        return TIMER.schedule(check, delayNanos, TimeUnit.NANOSECONDS);
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(
                1, Thread.ofPlatform().daemon().name("upstream-watchdog").factory());
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }
}

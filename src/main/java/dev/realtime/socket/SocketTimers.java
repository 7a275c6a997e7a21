package dev.realtime.socket;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one timer thread of all client connections: it checks every {@link #SWEEP} whether a send has been blocked
 * past its connection's write timeout, and runs the close-wait deadlines. Its tasks only flag and close sockets;
 * they never block. Thread-safe.
 */
final class SocketTimers {
    /** How often blocked sends are looked for: a stalled client is aborted within its timeout plus this. */
    static final Duration SWEEP = Duration.ofMillis(100);
    private static final ScheduledThreadPoolExecutor TIMER = timer();
    private static final Set<ClientConnection> WATCHED = ConcurrentHashMap.newKeySet();

    private SocketTimers() {
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(
                1, Thread.ofPlatform().daemon().name("ws-socket-timer").factory());
        timer.setRemoveOnCancelPolicy(true);
        timer.scheduleAtFixedRate(SocketTimers::sweep, SWEEP.toMillis(), SWEEP.toMillis(), TimeUnit.MILLISECONDS);
        return timer;
    }

    /** Starts checking a connection's sends. */
    static void watch(ClientConnection connection) {
        WATCHED.add(connection);
    }

    /** Stops checking a connection's sends. */
    static void unwatch(ClientConnection connection) {
        WATCHED.remove(connection);
    }

    /** Runs a task once after a delay. */
    static ScheduledFuture<?> after(Duration delay, Runnable task) {
        return TIMER.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private static void sweep() {
        long now = System.nanoTime();
        for (ClientConnection connection : WATCHED) {
            try {
                connection.checkWrite(now);
            } catch (RuntimeException e) {
                System.getLogger(SocketTimers.class.getName()).log(System.Logger.Level.WARNING,
                                                                   "write check failed", e);
            }
        }
    }
}

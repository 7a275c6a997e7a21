package dev.realtime.session;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * Admission of new sessions: at most {@code MAX_SESSIONS} at a time, none once the engine drains for shutdown.
 * Thread-safe; called from socket threads and the shutdown thread.
 */
final class SessionGate {
    private static final String SHUTTING_DOWN = "the engine is shutting down";
    private final AtomicInteger admitted = new AtomicInteger();
    private final IntSupplier maxSessions;
    private volatile boolean draining;

    SessionGate(IntSupplier maxSessions) {
        this.maxSessions = maxSessions;
    }

    /** Takes a place, or says why there is none (full, or shutting down). */
    Optional<String> admit() {
        if (draining) {
            return Optional.of(SHUTTING_DOWN);
        }
        int max = maxSessions.getAsInt();
        if (admitted.incrementAndGet() > max) {
            admitted.decrementAndGet();
            return Optional.of(full(max));
        }
        return Optional.empty();
    }

    /** Why a new session would be refused now, without taking a place: for readiness probes. */
    Optional<String> wouldRefuse() {
        if (draining) {
            return Optional.of(SHUTTING_DOWN);
        }
        int max = maxSessions.getAsInt();
        return admitted.get() >= max ? Optional.of(full(max)) : Optional.empty();
    }

    private static String full(int max) {
        return "the engine is at its limit of " + max + " concurrent sessions (MAX_SESSIONS)";
    }

    /** Places taken now. */
    int admitted() {
        return admitted.get();
    }

    /** Gives a place back; once per admitted socket. */
    void release() {
        admitted.decrementAndGet();
    }

    /**
     * Closes the gate and waits until {@code open} reports no session or the window passes.
     *
     * @return whether every session ended within the window
     */
    boolean drain(Duration window, IntSupplier open) throws InterruptedException {
        draining = true;
        return await(open, window);
    }

    /** Waits until no session is open or the time passes. */
    static boolean await(IntSupplier open, Duration time) throws InterruptedException {
        long deadline = System.nanoTime() + time.toNanos();
        while (open.getAsInt() > 0) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            // sessions end on their clients' schedule; there is no single event to await, so poll the count
            TimeUnit.MILLISECONDS.sleep(20);
        }
        return true;
    }
}

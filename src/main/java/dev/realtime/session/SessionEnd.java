package dev.realtime.session;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import dev.realtime.observe.EngineMetrics;
import dev.realtime.socket.CloseReason;

/**
 * The end of one admitted connection or call, in one place. It owns what the connection holds: the admission slot
 * from the upgrade on, and from {@link #opened} the session (its loop and upstream resources), its output (the
 * outbox of a socket), the ping timer and the active-sessions gauge. Whoever ends it first (the connection's end
 * callback, the call's hang-up, the session loop dying or reaching a limit, a stalled outbox, the drain) releases
 * all of them, exactly once; later calls only stop what is still running. Any thread.
 */
final class SessionEnd {
    private static final System.Logger LOGGER = System.getLogger(SessionEnd.class.getName());

    private final AtomicBoolean ended = new AtomicBoolean();
    private final ReentrantLock lock = new ReentrantLock();
    private final Runnable releaseSlot;
    private final Consumer<SessionEnd> forget;
    private final CompletableFuture<Void> socketGone = new CompletableFuture<>();
    private Optional<Parts> parts = Optional.empty();

    /** What an opened session holds: its output, and for a socket the ping timer. */
    record Parts(Session session, SessionOutput output, Optional<ScheduledFuture<?>> ping) {
    }

    /**
     * @param releaseSlot gives the admission slot back
     * @param forget      takes this end out of the factory's open connections
     */
    SessionEnd(Runnable releaseSlot, Consumer<SessionEnd> forget) {
        this.releaseSlot = releaseSlot;
        this.forget = forget;
    }

    /**
     * Hands over an opened session's parts. Socket thread, in {@code onOpen}.
     *
     * @param opened the parts
     * @return false when the connection has already ended: the parts are then stopped at once and the session must
     *         not start
     */
    boolean opened(Parts opened) {
        lock.lock();
        try {
            if (ended.get()) {
                opened.ping().ifPresent(p -> p.cancel(false));
                opened.output().gone();
                opened.session().close();
                return false;
            }
            parts = Optional.of(opened);
            EngineMetrics.sessionOpened();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The server ends the session: its close frame ({@code code}, {@code detail}) goes after the events already
     * queued, and everything is released now; the socket closes after the close handshake (bounded).
     *
     * @param reason why, for the log line and {@code realtime_ws_closed_total}
     * @param code   the close code
     * @param detail the close reason and log detail
     */
    void end(CloseReason reason, int code, String detail) {
        release(reason, detail).ifPresent(p -> p.output().close(code, detail));
    }

    /**
     * The connection ended (its end callback): nothing more can be written. Socket thread.
     *
     * @param reason why
     * @param detail what happened
     */
    void socketEnded(CloseReason reason, String detail) {
        release(reason, detail);
        currentParts().ifPresent(p -> p.output().gone());
        socketGone.complete(null);
    }

    /** Whether this connection has ended. */
    boolean ended() {
        return ended.get();
    }

    /** Waits until the socket itself has closed, up to {@code time}; the drain's thread. */
    void awaitSocket(Duration time) throws InterruptedException {
        try {
            socketGone.get(time.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOGGER.log(Level.DEBUG, "socket still open after the drain's wait");
        }
    }

    private Optional<Parts> release(CloseReason reason, String detail) {
        if (!ended.compareAndSet(false, true)) {
            return Optional.empty();
        }
        forget.accept(this);
        releaseSlot.run();
        EngineMetrics.connectionEnded(reason);
        Optional<Parts> held = currentParts();
        held.ifPresentOrElse(p -> {
            EngineMetrics.sessionClosed();
            p.ping().ifPresent(f -> f.cancel(false));
            p.session().close();
            LOGGER.log(Level.INFO, () -> "session " + p.session().id() + " closed: " + reason.label() + " ("
                    + detail + ")");
        }, () -> LOGGER.log(Level.INFO, () -> "realtime connection ended before its session opened: "
                + reason.label() + " (" + detail + ")"));
        return held;
    }

    private Optional<Parts> currentParts() {
        lock.lock();
        try {
            return parts;
        } finally {
            lock.unlock();
        }
    }
}

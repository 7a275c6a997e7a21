package dev.realtime.tts.openai;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.ReentrantLock;

import dev.realtime.upstream.Watchdogs;

/**
 * One piece in flight: its cancel signal, its response body once there, and a watchdog that closes the body when
 * its first audio does not come within the first-byte timeout of the request, or when it then stays silent longer
 * than the idle timeout. {@link #cancel()} comes from any thread and the watchdog from the {@link Watchdogs}
 * thread; the rest from the speaking thread.
 */
final class PieceInFlight {

    private final CompletableFuture<Void> cancelled = new CompletableFuture<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final long firstByteNanos;
    private final long idleNanos;
    private final long requested = System.nanoTime();
    private InputStream body;
    private Optional<ScheduledFuture<?>> watch = Optional.empty();
    private volatile long progress = requested;
    private volatile boolean started;
    private volatile boolean timedOut;
    private volatile boolean done;

    PieceInFlight(Duration firstByte, Duration idle) {
        this.firstByteNanos = firstByte.toNanos();
        this.idleNanos = idle.toNanos();
    }

    /** Whether audio of the piece has arrived (after that, silences count against the idle timeout). */
    boolean started() {
        return started;
    }

    CompletableFuture<Void> cancelled() {
        return cancelled;
    }

    boolean isCancelled() {
        return cancelled.isDone();
    }

    boolean timedOut() {
        return timedOut;
    }

    /** Cancels: wakes the speaking thread and closes the body, so a blocked read returns. Any thread. */
    void cancel() {
        cancelled.complete(null);
        closeBody();
    }

    /** Hands over the body and starts the silence watchdog; closes it at once if already cancelled. */
    void streaming(InputStream stream) {
        lock.lock();
        try {
            body = stream;
        } finally {
            lock.unlock();
        }
        if (isCancelled()) {
            closeBody();
        } else {
            check();
        }
    }

    /** Bytes arrived. */
    void progressed() {
        progress = System.nanoTime();
        started = true;
    }

    /** The piece ended; the watchdog stops and the body is closed. */
    void finish() {
        done = true;
        closeBody();
    }

    private void watch(long delayNanos) {
        lock.lock();
        try {
            if (!done && !isCancelled()) {
                watch = Optional.of(Watchdogs.after(delayNanos, this::check));
            }
        } finally {
            lock.unlock();
        }
    }

    private void check() {
        if (done) {
            return;
        }
        long limit = started ? idleNanos : firstByteNanos;
        long silent = System.nanoTime() - (started ? progress : requested);
        if (silent >= limit) {
            timedOut = true;
            closeBody();
        } else {
            watch(limit - silent);
        }
    }

    /** Closes the body and stops the watchdog, so that nothing keeps the ended piece. */
    private void closeBody() {
        InputStream stream;
        lock.lock();
        try {
            stream = body;
            watch.ifPresent(w -> w.cancel(false));
        } finally {
            lock.unlock();
        }
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException ignored) {
                // closing to abort; nothing to do
            }
        }
    }
}

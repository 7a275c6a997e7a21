package dev.realtime.llm;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

import dev.realtime.upstream.Watchdogs;

/**
 * A response body with an idle watchdog and a thread-safe abort. Reads happen on the response thread; the
 * watchdog runs on the shared {@link Watchdogs} thread, with at most one pending check per stream,
 * cancelled on release. Only time spent blocked in {@link #read(byte[], int, int)} counts as idle: a slow consumer
 * is not a silent upstream. Until the first byte the limit is the first-byte timeout, then the idle timeout.
 */
final class GuardedBody {

    private static final long NOT_READING = Long.MIN_VALUE;

    private final InputStream in;
    private final long firstByteNanos;
    private final long idleNanos;
    private final AtomicReference<ChatException.Kind> abort = new AtomicReference<>();
    private final ReentrantLock lock = new ReentrantLock();
    private volatile long readingSince = NOT_READING;
    private volatile boolean sawBytes;
    private ScheduledFuture<?> check;
    private boolean released;

    private GuardedBody(InputStream in, Duration firstByte, Duration idle) {
        this.in = in;
        this.firstByteNanos = firstByte.toNanos();
        this.idleNanos = idle.toNanos();
    }

    static GuardedBody start(InputStream in, Duration firstByte, Duration idle) {
        GuardedBody body = new GuardedBody(in, firstByte, idle);
        body.schedule(body.limit());
        return body;
    }

    /** Reads like {@link InputStream#read(byte[], int, int)}; throws {@link IOException} once aborted. */
    int read(byte[] buffer, int offset, int length) throws IOException {
        readingSince = System.nanoTime();
        try {
            int n = in.read(buffer, offset, length);
            if (n > 0 && !sawBytes) {
                sawBytes = true;
                schedule(idleNanos);
            }
            return n;
        } finally {
            readingSince = NOT_READING;
        }
    }

    /** Why the body was aborted, if it was. Any thread. */
    Optional<ChatException.Kind> abortKind() {
        return Optional.ofNullable(abort.get());
    }

    /** The silence that trips the watchdog now. Any thread. */
    Duration limitNow() {
        return Duration.ofNanos(limit());
    }

    /** Records why, unless a reason is already recorded, then releases. Any thread; idempotent. */
    void abort(ChatException.Kind kind) {
        abort.compareAndSet(null, kind);
        release();
    }

    /** Stops the watchdog and closes the body, which unblocks a pending read. Any thread; idempotent. */
    void release() {
        lock.lock();
        try {
            if (released) {
                return;
            }
            released = true;
            if (check != null) {
                check.cancel(false);
            }
        } finally {
            lock.unlock();
        }
        try {
            in.close();
        } catch (IOException ignored) {
            // closing an aborted body: nothing left to do
        }
    }

    private long limit() {
        return sawBytes ? idleNanos : firstByteNanos;
    }

    private void check() {
        long since = readingSince;
        long limit = limit();
        if (since == NOT_READING) {
            schedule(limit);
            return;
        }
        long silent = System.nanoTime() - since;
        if (silent >= limit) {
            abort(ChatException.Kind.TIMEOUT);
        } else {
            schedule(limit - silent);
        }
    }

    private void schedule(long nanos) {
        lock.lock();
        try {
            if (!released) {
                if (check != null) {
                    check.cancel(false);
                }
                check = Watchdogs.after(nanos, this::check);
            }
        } finally {
            lock.unlock();
        }
    }
}

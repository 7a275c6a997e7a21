package dev.realtime.testing;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;

/**
 * The fake upstreams started for one engine, closed in reverse order of start by {@link EngineExtension} after the
 * engine. Used on the test's thread only.
 */
public final class Fakes implements AutoCloseable {
    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    Fakes() {
    }

    /**
     * Starts a fake and keeps it to be closed.
     *
     * @param start starts the fake
     * @param <T>   the fake's type
     * @return the started fake
     */
    public <T extends AutoCloseable> T start(Supplier<T> start) {
        T fake = start.get();
        started.push(fake);
        return fake;
    }

    /** Closes every fake, the last started first; the first failure is thrown after all were tried. */
    @Override
    public void close() {
        RuntimeException failure = null;
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("closing a fake failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}

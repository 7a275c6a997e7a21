package dev.realtime.fleet;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import dev.realtime.config.FleetSettings;

/**
 * The per-app limit of a replica without Redis: {@code MAX_SESSIONS_PER_APP} counts this process's own sessions
 * ({@code MAX_SESSIONS_TOTAL} needs Redis, which the configuration checks). Thread-safe.
 */
public final class LocalLeases implements SessionLeases {
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Integer> perApp = new HashMap<>();

    @Override
    public Outcome acquire(String appId, FleetSettings limits) {
        int max = limits.maxSessionsPerApp();
        lock.lock();
        try {
            int held = perApp.getOrDefault(appId, 0);
            if (max > 0 && held >= max) {
                return new Refused(LeaseBook.appFull(appId, max));
            }
            perApp.put(appId, held + 1);
        } finally {
            lock.unlock();
        }
        AtomicBoolean released = new AtomicBoolean();
        return new Held(() -> {
            if (released.compareAndSet(false, true)) {
                give(appId);
            }
        });
    }

    private void give(String appId) {
        lock.lock();
        try {
            perApp.computeIfPresent(appId, (app, held) -> held > 1 ? held - 1 : null);
        } finally {
            lock.unlock();
        }
    }
}

package dev.realtime.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link TokenLedger} in this process's memory, for a single replica (no {@code REDIS_URL}). Memory is bounded by
 * the tokens used within the longest token lifetime. Thread-safe; claims come from upgrading connections' threads.
 */
public final class MemoryTokenLedger implements TokenLedger {
    private final Clock clock;
    private final Map<String, Instant> used = new ConcurrentHashMap<>();
    private final AtomicReference<Instant> nextSweep;

    private MemoryTokenLedger(Clock clock) {
        this.clock = clock;
        this.nextSweep = new AtomicReference<>(clock.instant());
    }

    /**
     * An empty ledger.
     *
     * @param clock clock that tells when remembered tokens have expired
     * @return ledger
     */
    public static MemoryTokenLedger create(Clock clock) {
        return new MemoryTokenLedger(clock);
    }

    @Override
    public boolean claim(String tokenId, Instant expiresAt) {
        Instant now = clock.instant();
        sweep(now);
        return used.putIfAbsent(tokenId, expiresAt) == null;
    }

    /** Number of tokens remembered. */
    public int size() {
        return used.size();
    }

    /** Forgets expired tokens, at most once a second whatever the rate of claims. */
    private void sweep(Instant now) {
        Instant due = nextSweep.get();
        if (now.isBefore(due) || !nextSweep.compareAndSet(due, now.plusSeconds(1))) {
            return;
        }
        used.values().removeIf(expires -> !expires.isAfter(now));
    }
}

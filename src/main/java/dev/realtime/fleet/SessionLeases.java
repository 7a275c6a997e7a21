package dev.realtime.fleet;

import dev.realtime.config.FleetSettings;

/**
 * Where a new session takes its place under the limits beyond this replica's own {@code MAX_SESSIONS}: the
 * fleet-wide {@code MAX_SESSIONS_TOTAL} and the per-app {@code MAX_SESSIONS_PER_APP}. {@link LeaseBook} counts in
 * the Redis the replicas share, {@link LocalLeases} in this process. Thread-safe; called on the threads that admit
 * sessions (upgrading sockets, call transports).
 */
public interface SessionLeases {
    /**
     * Takes the places of a new session of {@code appId}, or says why there are none.
     *
     * @param appId  whom the session belongs to (a token's {@code sub}, {@code engine} for the engine key)
     * @param limits the limits in effect now
     * @return the lease to give back when the session ends, or the refusal
     */
    Outcome acquire(String appId, FleetSettings limits);

    /** Gives back what was taken: exactly the places of one admission, once. Any thread; idempotent. */
    @FunctionalInterface
    interface Lease {
        /** Releases the places; a second call does nothing. */
        void release();
    }

    /** What {@link #acquire} answers. */
    sealed interface Outcome {
    }

    /**
     * The session holds its places.
     *
     * @param lease what gives them back
     */
    record Held(Lease lease) implements Outcome {
    }

    /**
     * The session may not open.
     *
     * @param reason why, for the client (a 503's message, a call's refusal) and the log
     */
    record Refused(String reason) implements Outcome {
    }
}

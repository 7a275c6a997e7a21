package dev.realtime.session;

import java.util.concurrent.atomic.AtomicBoolean;

import dev.realtime.fleet.SessionLeases;

/** What admitting a new session answers: its place, or why there is none. */
sealed interface Admission {
    /**
     * The session may open; it holds {@code place} until it ends.
     *
     * @param place this replica's place and the session's fleet lease
     */
    record Admitted(Place place) implements Admission {
    }

    /**
     * The session may not open.
     *
     * @param reason why (draining, MAX_SESSIONS, a fleet or per-app limit, Redis failed), for the 503 and the log
     */
    record Refused(String reason) implements Admission {
    }

    /**
     * The places one admission took: a place under this replica's {@code MAX_SESSIONS} and the session's lease.
     * {@link #release} gives back exactly these, once, whoever calls it first (a refused upgrade, or the session's
     * end). Any thread.
     */
    final class Place {
        private final AtomicBoolean released = new AtomicBoolean();
        private final Runnable local;
        private final SessionLeases.Lease lease;

        Place(Runnable local, SessionLeases.Lease lease) {
            this.local = local;
            this.lease = lease;
        }

        /** Gives the places back; later calls do nothing. */
        void release() {
            if (released.compareAndSet(false, true)) {
                local.run();
                lease.release();
            }
        }
    }
}

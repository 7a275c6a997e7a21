package dev.realtime.config;

import java.time.Duration;
import java.util.Optional;

/**
 * Limits that span the replicas sharing one Redis, and this replica's part in them.
 *
 * @param maxSessionsTotal  concurrent sessions (sockets and calls) across the fleet ({@code MAX_SESSIONS_TOTAL});
 *                          0 for no fleet limit; needs {@code REDIS_URL}
 * @param maxSessionsPerApp concurrent sessions of one app id ({@code MAX_SESSIONS_PER_APP}): across the fleet with
 *                          Redis, this replica's own without; 0 for none
 * @param leaseTime         how long a session's lease counts without renewal ({@code FLEET_LEASE_MS}); a replica
 *                          renews its own every third of it
 * @param replicaId         this replica's name in {@code /fleet} ({@code REPLICA_ID}); empty for host name and pid
 */
public record FleetSettings(int maxSessionsTotal, int maxSessionsPerApp, Duration leaseTime,
                            Optional<String> replicaId) {

    static FleetSettings load(EnvValues v, RedisConfig redis) {
        int total = v.integer("MAX_SESSIONS_TOTAL", 0, 0, 10_000_000);
        if (total > 0 && redis.url().isEmpty()) {
            v.problem("MAX_SESSIONS_TOTAL", "a fleet-wide limit is counted in the Redis the replicas share: set "
                    + "REDIS_URL, or unset MAX_SESSIONS_TOTAL (MAX_SESSIONS limits this replica alone)");
        }
        return new FleetSettings(total,
                                 v.integer("MAX_SESSIONS_PER_APP", 0, 0, 10_000_000),
                                 v.millis("FLEET_LEASE_MS", 15_000, 300, 3_600_000),
                                 v.text("REPLICA_ID").map(String::strip));
    }
}

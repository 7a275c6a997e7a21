/**
 * What replicas of one engine share: {@code RedisLink} is the engine's connection to the Redis server named by
 * {@code REDIS_URL}; {@code RedisTokenLedger} remembers used single-use tokens there, so a token that opened a
 * session on one replica cannot open another on any replica; {@code RedisConfigLayer} keeps the runtime
 * configuration layer there with a version, and {@code ConfigFollower} makes each replica take every new version;
 * {@code LeaseBook} holds the sessions' leases under {@code MAX_SESSIONS_TOTAL} and {@code MAX_SESSIONS_PER_APP}
 * ({@code LocalLeases} counts the per-app limit without Redis); {@code Heartbeat} writes this replica's status and
 * {@code FleetView} reads them all for {@code /fleet}; {@code Fleet} wires these for the engine.
 */
package dev.realtime.fleet;

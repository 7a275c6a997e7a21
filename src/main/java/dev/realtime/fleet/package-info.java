/**
 * What replicas of one engine share: {@code RedisLink} is the engine's connection to the Redis server named by
 * {@code REDIS_URL}, and {@code RedisTokenLedger} remembers used single-use tokens there, so a token that opened a
 * session on one replica cannot open another on any replica.
 */
package dev.realtime.fleet;

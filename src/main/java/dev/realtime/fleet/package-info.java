/**
 * What replicas of one engine share: {@code RedisLink} is the engine's connection to the Redis server named by
 * {@code REDIS_URL}; {@code RedisTokenLedger} remembers used single-use tokens there, so a token that opened a
 * session on one replica cannot open another on any replica; {@code RedisConfigLayer} keeps the runtime
 * configuration layer there with a version, and {@code ConfigFollower} makes each replica take every new version.
 */
package dev.realtime.fleet;

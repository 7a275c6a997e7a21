package dev.realtime.fleet;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.realtime.config.ConfigException;
import dev.realtime.config.EnvConfig;
import dev.realtime.testing.RedisServer;
import dev.realtime.testing.TestEngine;
import dev.realtime.testing.WsTestClient;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@code REDIS_URL} with {@code TOKEN_SINGLE_USE}: replicas sharing one Redis and one {@code JWT_SECRET} let a token
 * open one session across all of them, remember it only as long as the token lives, and refuse (503) rather than
 * admit a token when Redis fails. A Redis that cannot be reached stops the start.
 */
class SharedTokenLedgerTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int TTL_SECONDS = 120;

    private static HttpResponse<?> upgrade(TestEngine engine, String token) {
        return WsTestClient.refused(HTTP, engine.wsUri(), Map.of("Authorization", "Bearer " + token));
    }

    private static Map<String, String> env(RedisServer redis) {
        return Map.of("REDIS_URL", redis.url().toString(), "JWT_SECRET", "a-secret-the-replicas-share-0123456789",
                      "TOKEN_SINGLE_USE", "true", "TOKEN_TTL_SECONDS", String.valueOf(TTL_SECONDS));
    }

    @Test
    void aTokenUsedOnOneReplicaIsRefusedOnAnother() throws Exception {
        try (RedisServer redis = RedisServer.start();
             TestEngine a = TestEngine.start(env(redis));
             TestEngine b = TestEngine.start(env(redis));
             RedisLink look = RedisLink.connect(redis.url(), redis.url().toString())) {
            String token = a.mintedToken();
            try (WsTestClient first = WsTestClient.connect(a.wsUri(), token)) {
                assertThat(first.next().path("type").asText(), is("session.created"));
                HttpResponse<?> elsewhere = upgrade(b, token);
                assertThat("the other replica knows the token was used", elsewhere.statusCode(), is(401));
                assertThat(elsewhere.headers().firstValue("WWW-Authenticate").orElse(""),
                           containsString("token already used"));
            }
            List<String> keys = look.commands().keys(RedisTokenLedger.PREFIX + "*");
            assertThat(keys, hasSize(1));
            assertThat("remembered until the token expires, not longer", look.commands().pttl(keys.getFirst()),
                       allOf(greaterThan((TTL_SECONDS - 30) * 1000L), lessThanOrEqualTo(TTL_SECONDS * 1000L)));
            String fresh = a.mintedToken();
            try (WsTestClient other = WsTestClient.connect(b.wsUri(), fresh)) {
                assertThat("a fresh token opens its session on the other replica",
                           other.next().path("type").asText(), is("session.created"));
            }
            assertThat(upgrade(a, fresh).statusCode(), is(401));
        }
    }

    @Test
    void aTokenIsRefusedWhenRedisFails() throws Exception {
        RedisServer redis = RedisServer.start();
        try (TestEngine engine = TestEngine.start(env(redis))) {
            String token = engine.mintedToken();
            redis.close();
            HttpResponse<?> refused = upgrade(engine, token);
            assertThat("a token whose first use cannot be checked is not admitted", refused.statusCode(), is(503));
            assertThat(refused.headers().firstValue("Retry-After"), is(Optional.of("5")));
            try (WsTestClient server = WsTestClient.connect(engine.wsUri(), TestEngine.API_KEY)) {
                assertThat("the engine key needs no ledger", server.next().path("type").asText(),
                           is("session.created"));
            }
        } finally {
            redis.close();
        }
    }

    @Test
    void anUnreachableRedisStopsTheStart() throws Exception {
        URI nowhere;
        try (RedisServer redis = RedisServer.start()) {
            nowhere = redis.url();
        }
        FleetException e = assertThrows(FleetException.class, () -> TestEngine.start(
                Map.of("REDIS_URL", "redis://user:hunter2@" + nowhere.getHost() + ":" + nowhere.getPort())));
        assertThat(e.getMessage(), allOf(containsString("REDIS_URL"), containsString("cannot reach Redis"),
                                         not(containsString("hunter2"))));
    }

    @Test
    void aBadUrlIsAConfigurationProblem() {
        ConfigException e = assertThrows(ConfigException.class, () -> EnvConfig.load(
                Map.of("REDIS_URL", "http://:pw@127.0.0.1:6379")));
        assertThat(e.getMessage(), allOf(containsString("REDIS_URL"), not(containsString("pw@"))));
        assertThat(EnvConfig.load(Map.of("REDIS_URL", "redis://app:pw@127.0.0.1:6379/2")).redis().shown(),
                   is(Optional.of("redis://app:***@127.0.0.1:6379/2")));
        assertThat(EnvConfig.load(Map.of()).redis().url(), is(Optional.empty()));
    }
}

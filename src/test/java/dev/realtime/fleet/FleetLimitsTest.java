package dev.realtime.fleet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.lettuce.core.Range;
import io.lettuce.core.ScoredValue;
import org.junit.jupiter.api.Test;

import dev.realtime.auth.SessionDefaults;
import dev.realtime.config.ConfigException;
import dev.realtime.config.EnvConfig;
import dev.realtime.config.FleetSettings;
import dev.realtime.protocol.Dialect;
import dev.realtime.protocol.ServerEvent;
import dev.realtime.session.Call;
import dev.realtime.session.SessionOutput;
import dev.realtime.session.SessionRefusedException;
import dev.realtime.testing.Metrics;
import dev.realtime.testing.RedisServer;
import dev.realtime.testing.TestEngine;
import dev.realtime.testing.WsTestClient;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@code MAX_SESSIONS_TOTAL} and {@code MAX_SESSIONS_PER_APP} across replicas sharing one Redis: sockets and phone
 * calls on every replica count, a place freed on one replica is free for all, a replica that stops renewing its
 * leases stops counting within {@code FLEET_LEASE_MS}, and a Redis failure refuses (503) without keeping a local
 * place.
 */
class FleetLimitsTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    static Map<String, String> env(RedisServer redis, String replica, String... more) {
        Map<String, String> env = new HashMap<>(Map.of("REDIS_URL", redis.url().toString(), "REPLICA_ID", replica,
                                                       "JWT_SECRET", "a-secret-the-replicas-share-0123456789"));
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    /** A refused upgrade's status and body (the JDK's client does not show the body of a refused upgrade). */
    record Refusal(int status, String body) {
    }

    static Refusal refused(TestEngine engine, String token) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", engine.port())) {
            socket.setSoTimeout((int) WAIT.toMillis());
            socket.getOutputStream().write(("GET /v1/realtime HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                    + "dGhlIHNhbXBsZSBub25jZQ==\r\nAuthorization: Bearer " + token + "\r\n\r\n")
                                                   .getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                                                                         StandardCharsets.UTF_8));
            int status = Integer.parseInt(in.readLine().substring(9, 12));
            int length = 0;
            for (String line = in.readLine(); !line.isEmpty(); line = in.readLine()) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).strip());
                }
            }
            char[] body = new char[length];
            int read = 0;
            while (read < length) {
                int n = in.read(body, read, length - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            return new Refusal(status, new String(body, 0, read));
        }
    }

    static WsTestClient open(TestEngine engine, String token) throws InterruptedException {
        WsTestClient client = WsTestClient.connect(engine.wsUri(), token);
        assertThat(client.next().path("type").asText(), is("session.created"));
        return client;
    }

    private static String tokenOf(TestEngine engine, String app) {
        return engine.engine().tokens().mint(app, Optional.empty(), Optional.empty()).value();
    }

    static void await(String what, BooleanSupplier done) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT.toSeconds() + " s: " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    static void assertRefused(Refusal refusal, String reason) {
        assertThat(refusal.body(), refusal.status(), is(503));
        assertThat(refusal.body(), containsString(reason));
    }

    @Test
    void theFleetLimitCountsTheSessionsOfEveryReplica() throws Exception {
        try (RedisServer redis = RedisServer.start();
             TestEngine a = TestEngine.start(env(redis, "a", "MAX_SESSIONS_TOTAL", "2", "MAX_SESSIONS", "2"));
             TestEngine b = TestEngine.start(env(redis, "b", "MAX_SESSIONS_TOTAL", "2"));
             WsTestClient onB = open(b, b.token())) {
            WsTestClient onA = open(a, a.token());
            assertRefused(refused(a, a.token()), "MAX_SESSIONS_TOTAL");
            assertRefused(refused(b, b.token()), "MAX_SESSIONS_TOTAL");
            assertThat("a fleet refusal gives this replica's place back (MAX_SESSIONS is 2)",
                       a.engine().sessions().notReady(), is(Optional.empty()));
            onA.close();
            await("the session on A has ended", () -> a.engine().sessions().openSessions() == 0);
            try (WsTestClient again = open(b, b.token())) {
                assertThat("the place freed on A is taken on B", b.engine().sessions().openSessions(), is(2));
            }
        }
    }

    @Test
    void thePerAppLimitSpansReplicasAndAppsAreCountedApart() throws Exception {
        try (RedisServer redis = RedisServer.start();
             TestEngine a = TestEngine.start(env(redis, "a", "MAX_SESSIONS_PER_APP", "1"));
             TestEngine b = TestEngine.start(env(redis, "b", "MAX_SESSIONS_PER_APP", "1"));
             WsTestClient one = open(a, tokenOf(a, "app-one"))) {
            assertRefused(refused(b, tokenOf(b, "app-one")), "app app-one is at its limit of 1 concurrent sessions "
                    + "(MAX_SESSIONS_PER_APP)");
            try (WsTestClient two = open(b, tokenOf(b, "app-two"))) {
                assertRefused(refused(a, tokenOf(a, "app-two")), "app-two");
            }
            one.close();
            await("app-one's session on A has ended", () -> a.engine().sessions().openSessions() == 0);
            open(b, tokenOf(b, "app-one")).close();
        }
    }

    @Test
    void aPhoneCallTakesAPlaceInTheFleet() throws Exception {
        try (RedisServer redis = RedisServer.start();
             TestEngine a = TestEngine.start(env(redis, "a", "MAX_SESSIONS_TOTAL", "2"));
             TestEngine b = TestEngine.start(env(redis, "b", "MAX_SESSIONS_TOTAL", "2"));
             WsTestClient onB = open(b, b.token())) {
            Call call = a.engine().sessions().openCall("phone", defaults(), new Discard());
            assertRefused(refused(b, b.token()), "MAX_SESSIONS_TOTAL");
            SessionRefusedException full = assertThrows(SessionRefusedException.class,
                                                        () -> b.engine().sessions().openCall("phone", defaults(),
                                                                                             new Discard()));
            assertThat(full.getMessage(), containsString("MAX_SESSIONS_TOTAL"));
            call.hangUp("caller hung up");
            open(b, b.token()).close();
        }
    }

    @Test
    void theLeasesOfAReplicaThatStopsRenewingExpire() throws Exception {
        String[] limits = {"MAX_SESSIONS_TOTAL", "3", "FLEET_LEASE_MS", "1500"};
        try (RedisServer redis = RedisServer.start();
             RedisLink ghostLink = RedisLink.connect(redis.url(), "test");
             TestEngine a = TestEngine.start(env(redis, "a", limits));
             TestEngine b = TestEngine.start(env(redis, "b", limits))) {
            // a replica that died: its lease is in Redis and nobody renews it
            LeaseBook ghost = new LeaseBook(ghostLink, "ghost", Duration.ofMillis(1500));
            FleetSettings none = new FleetSettings(0, 0, Duration.ofMillis(1500), Optional.of("ghost"));
            assertThat(ghost.acquire("engine", none), instanceOf(SessionLeases.Held.class));
            try (WsTestClient onA = open(a, a.token()); WsTestClient onB = open(b, b.token())) {
                assertRefused(refused(a, a.token()), "MAX_SESSIONS_TOTAL");
                // A's and B's first expiry came after the ghost's; past it, only renewed leases still count
                double firstExpiry = ghostLink.commands().zrangeWithScores(LeaseBook.SESSIONS, 0, -1).stream()
                        .mapToDouble(ScoredValue::getScore).max().orElseThrow();
                await("the first expiry of every lease passes", () -> serverMillis(ghostLink) > firstExpiry);
                assertThat("the ghost's lease no longer counts, the live replicas' do", liveLeases(ghostLink), is(2L));
                try (WsTestClient third = open(a, a.token())) {
                    assertThat(ghostLink.commands().zcard(LeaseBook.SESSIONS), is(3L));
                    assertRefused(refused(b, b.token()), "MAX_SESSIONS_TOTAL");
                }
            }
        }
    }

    private static long serverMillis(RedisLink link) {
        List<String> time = link.commands().time();
        return Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
    }

    /** Leases not expired by the Redis server's clock. */
    private static long liveLeases(RedisLink link) {
        return link.commands().zcount(LeaseBook.SESSIONS, Range.create(serverMillis(link), Long.MAX_VALUE));
    }

    @Test
    void aRedisFailureAtAdmissionRefusesAndKeepsNoPlace() throws Exception {
        RedisServer redis = RedisServer.start();
        try (TestEngine limited = TestEngine.start(env(redis, "a", "MAX_SESSIONS_PER_APP", "5", "MAX_SESSIONS", "1"));
             TestEngine free = TestEngine.start(env(redis, "b"))) {
            String before = Metrics.scrape(limited);
            redis.close();
            assertRefused(refused(limited, limited.token()), "Redis failed");
            assertThat("no place is kept on this replica (MAX_SESSIONS is 1)", limited.engine().sessions().notReady(),
                       is(Optional.empty()));
            assertThat(Metrics.providerErrorsAdded(before, Metrics.scrape(limited), "redis", "session_lease",
                                                   "unreachable"), greaterThan(0.0));
            try (WsTestClient uncounted = open(free, free.token())) {
                assertThat("with no limit in force there is nothing to check", free.engine().sessions()
                        .openSessions(), is(1));
            }
        } finally {
            redis.close();
        }
    }

    @Test
    void aFleetLimitNeedsRedis() {
        ConfigException e = assertThrows(ConfigException.class, () -> EnvConfig.load(
                Map.of("MAX_SESSIONS_TOTAL", "10")));
        assertThat(e.getMessage(), allOf(containsString("MAX_SESSIONS_TOTAL"), containsString("REDIS_URL")));
        assertThat(EnvConfig.load(Map.of("MAX_SESSIONS_PER_APP", "3")).fleet().maxSessionsPerApp(), is(3));
    }

    private static SessionDefaults defaults() {
        return new SessionDefaults(Dialect.GA, JsonNodeFactory.instance.objectNode());
    }

    /** A call's output that nobody listens to. */
    private static final class Discard implements SessionOutput {
        @Override
        public void event(ServerEvent event) {
        }

        @Override
        public void close(int code, String reason) {
        }

        @Override
        public void gone() {
        }
    }
}

package dev.realtime.fleet;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.realtime.testing.EngineProcess;
import dev.realtime.testing.RedisServer;
import dev.realtime.testing.Replicas;
import dev.realtime.testing.TestEngine;
import dev.realtime.testing.WsTestClient;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/**
 * Three engine processes on one Redis with {@code MAX_SESSIONS_TOTAL=2}: two sessions on two replicas fill the
 * fleet, so the third replica refuses one though it has room of its own; SIGKILL on a replica holding a session
 * frees its slot once its lease runs out ({@code FLEET_LEASE_MS}), and {@code GET /fleet} stops listing it after
 * 10 s.
 */
class FleetLimitAcrossProcessesTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LEASE = Duration.ofMillis(2000);
    /** Beyond the lease: the polling loop's resolution and a loaded 2-core machine's scheduling. */
    private static final Duration SLACK = Duration.ofSeconds(1);
    /** Issue 18: /fleet lists the replicas seen in the last 10 s. */
    private static final Duration SEEN = Duration.ofSeconds(10);

    /** A session on {@code engine} with the engine key, or empty when the upgrade is refused with 503. */
    private static Optional<WsTestClient> open(EngineProcess engine) {
        try {
            return Optional.of(WsTestClient.connect(engine.wsUri(), TestEngine.API_KEY));
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused
                    && refused.getResponse().statusCode() == 503) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Fails unless an upgrade on {@code engine} is refused with 503. */
    private static void assertRefused(EngineProcess engine, String why) {
        open(engine).ifPresent(accepted -> {
            accepted.close();
            throw new AssertionError(engine.name() + " admitted a session: " + why);
        });
    }

    /** {@code GET /fleet} on {@code engine}: the replicas it lists, by id. */
    private static Map<String, JsonNode> fleet(EngineProcess engine) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(engine.httpUri() + "/fleet"))
                                                   .header("Authorization", "Bearer " + TestEngine.API_KEY).build(),
                                           HttpResponse.BodyHandlers.ofString());
        assertThat(r.body(), r.statusCode(), is(200));
        Map<String, JsonNode> replicas = new TreeMap<>();
        JSON.readTree(r.body()).path("replicas").forEach(node -> replicas.put(node.path("id").asText(), node));
        return replicas;
    }

    /** Polls {@code GET /fleet} on {@code engine} until it lists exactly {@code ids}; fails after {@code time}. */
    private static Map<String, JsonNode> awaitFleet(EngineProcess engine, Set<String> ids, Duration time)
            throws Exception {
        long deadline = System.nanoTime() + time.toNanos();
        while (true) {
            Map<String, JsonNode> seen = fleet(engine);
            if (seen.keySet().equals(ids)) {
                return seen;
            }
            assertThat("/fleet on " + engine.name() + " lists " + seen.keySet() + ", not " + ids + ", after " + time,
                       System.nanoTime() < deadline, is(true));
            Thread.sleep(100); // heartbeats and key expiry happen in Redis: nothing to await from here
        }
    }

    @Test
    void theLimitHoldsAcrossReplicasAndAKilledReplicasSlotIsFreedWithinTheLease(@TempDir Path dir) throws Exception {
        try (RedisServer redis = RedisServer.start();
             Replicas replicas = Replicas.start(dir, redis, 3, Map.of(
                     "MAX_SESSIONS_TOTAL", "2", "FLEET_LEASE_MS", String.valueOf(LEASE.toMillis())))) {
            try {
                limitAndKill(replicas);
            } catch (AssertionError | RuntimeException e) {
                System.err.println(replicas.logs());
                throw e;
            }
        }
    }

    private static void limitAndKill(Replicas replicas) throws Exception {
        EngineProcess a = replicas.get("a");
        EngineProcess b = replicas.get("b");
        EngineProcess c = replicas.get("c");
        try (WsTestClient onA = open(a).orElseThrow(() -> new AssertionError("A refused the first session"));
             WsTestClient onB = open(b).orElseThrow(() -> new AssertionError("B refused the second session"))) {
            onA.await("session.created");
            onB.await("session.created");
            assertRefused(c, "the third session is one too many for the fleet");
            assertThat(c.log(), containsString("MAX_SESSIONS_TOTAL"));
            assertThat("C has room of its own, so it stays ready", c.readyStatus(), is(200));
            awaitFleet(a, Set.of("a", "b", "c"), Duration.ofSeconds(5));

            b.kill();
            long killed = System.nanoTime();
            assertRefused(c, "B's lease holds its slot after the kill");
            long deadline = killed + LEASE.plus(SLACK).plusSeconds(5).toNanos();
            Optional<WsTestClient> admitted;
            while ((admitted = open(c)).isEmpty()) {
                assertThat("B's slot still taken 5 s after its lease ran out", System.nanoTime() < deadline,
                           is(true));
                Thread.sleep(50); // the lease expires in Redis: nothing to await from here
            }
            long freedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
            try (WsTestClient onC = admitted.get()) {
                onC.await("session.created");
                assertThat("ms from B's SIGKILL to C admitting a session in its slot", freedAfter,
                           lessThanOrEqualTo(LEASE.plus(SLACK).toMillis()));
                assertRefused(a, "the fleet is full again");
                Duration left = SEEN.plus(SLACK).minusNanos(System.nanoTime() - killed);
                Map<String, JsonNode> seen = awaitFleet(a, Set.of("a", "c"), left);
                Set<Long> versions = new HashSet<>();
                seen.values().forEach(r -> versions.add(r.path("config_version").asLong()));
                assertThat("the replicas run one configuration: " + seen, versions.size(), is(1));
            }
            assertThat("A's session lived through it all", onA.open(), is(true));
        }
    }
}

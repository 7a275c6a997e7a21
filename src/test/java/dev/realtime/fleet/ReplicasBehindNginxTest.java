package dev.realtime.fleet;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;

import dev.realtime.testing.BalancedReplicas;
import dev.realtime.testing.EngineProcess;
import dev.realtime.testing.Nginx;
import dev.realtime.testing.Replicas;
import dev.realtime.testing.TestEngine;
import dev.realtime.testing.WsTestClient;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;

/**
 * Two engine processes on one Redis behind Debian nginx running the shipped {@code etc/nginx/replicas.conf}, as
 * issue 18 deploys them: a token minted on one replica opens a session on the other and, single-use, only one
 * session anywhere; a configuration PUT on one replica reaches new sessions on the other within a second; SIGTERM
 * drains a replica while nginx sends new sessions to the other. The drain ends a replica, so it runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicasBehindNginxTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DRAIN = Duration.ofSeconds(5);
    /** Issue 18: every replica applies a change to new sessions within a second. */
    private static final Duration PROPAGATION = Duration.ofSeconds(1);

    @TempDir
    static Path dir;
    private static BalancedReplicas fleet;
    private static Replicas replicas;
    private static Nginx nginx;

    @RegisterExtension
    final TestWatcher logs = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            System.err.println(fleet.report());
        }
    };

    @BeforeAll
    static void start() throws Exception {
        fleet = BalancedReplicas.start(dir, Map.of("TOKEN_SINGLE_USE", "true",
                                                        "DRAIN_TIMEOUT_MS", String.valueOf(DRAIN.toMillis())));
        replicas = fleet.replicas();
        nginx = fleet.nginx();
    }

    @AfterAll
    static void stop() throws Exception {
        fleet.close();
    }

    private static HttpResponse<?> refusedUpgrade(EngineProcess engine, String token) {
        return WsTestClient.refused(HTTP, engine.wsUri(), Map.of("Authorization", "Bearer " + token));
    }

    /** The instructions a new session on {@code engine} starts with. */
    private static String instructionsOfANewSession(EngineProcess engine) throws Exception {
        try (WsTestClient c = WsTestClient.connect(engine.wsUri(), TestEngine.API_KEY)) {
            return c.await("session.created").path("session").path("instructions").asText();
        }
    }

    @Test
    @Order(1)
    void aTokenMintedOnOneReplicaOpensASessionOnAnother() throws Exception {
        String token = replicas.get("a").mintedToken();
        try (WsTestClient c = WsTestClient.connect(replicas.get("b").wsUri(), token)) {
            assertThat(c.next().path("type").asText(), is("session.created"));
        }
    }

    @Test
    @Order(2)
    void aSingleUseTokenUsedOnOneReplicaIsRefusedOnAnother() throws Exception {
        String token = replicas.get("a").mintedToken();
        try (WsTestClient first = WsTestClient.connect(replicas.get("a").wsUri(), token)) {
            assertThat(first.next().path("type").asText(), is("session.created"));
            HttpResponse<?> elsewhere = refusedUpgrade(replicas.get("b"), token);
            assertThat("the other replica knows the token was used", elsewhere.statusCode(), is(401));
            assertThat(elsewhere.headers().firstValue("WWW-Authenticate").orElse(""),
                       containsString("token already used"));
        }
    }

    @Test
    @Order(3)
    void aConfigurationPutOnOneReplicaReachesNewSessionsOnAnotherWithinASecond() throws Exception {
        EngineProcess a = replicas.get("a");
        EngineProcess b = replicas.get("b");
        String instructions = "You are replica-tested " + UUID.randomUUID();
        assertThat(instructionsOfANewSession(b), not(instructions));
        HttpResponse<String> put = HTTP.send(
                HttpRequest.newBuilder(URI.create(a.httpUri() + "/config"))
                        .header("Authorization", "Bearer " + TestEngine.API_KEY)
                        .PUT(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().set(
                                "voices", JSON.createObjectNode().put("instructions", instructions)).toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(put.body(), put.statusCode(), is(200));
        long changed = System.nanoTime();
        // open sessions on B until one shows the change: the first attempt begun after the propagation time must,
        // so the one that first does began within it plus the longest gap between attempts (the loop's resolution)
        long deadline = changed + TimeUnit.SECONDS.toNanos(5);
        long longestGap = 0;
        long previous = changed;
        while (true) {
            long begun = System.nanoTime();
            longestGap = Math.max(longestGap, begun - previous);
            previous = begun;
            String seen = instructionsOfANewSession(b);
            if (seen.equals(instructions)) {
                assertThat("ms from the PUT on A to the start of the first session on B that used it",
                           TimeUnit.NANOSECONDS.toMillis(begun - changed),
                           lessThanOrEqualTo(PROPAGATION.plusNanos(longestGap).toMillis()));
                break;
            }
            assertThat("B's new sessions still start with '" + seen + "' 5 s after the PUT on A",
                       System.nanoTime() < deadline, is(true));
            Thread.sleep(50); // a polling interval, so the loop does not take the cores the replicas need
        }
        assertThat("A uses it too", instructionsOfANewSession(a), is(instructions));
    }

    @Test
    @Order(4)
    void sigtermDrainsAReplicaWhileNginxSendsNewSessionsToTheOther() throws Exception {
        EngineProcess a = replicas.get("a");
        EngineProcess b = replicas.get("b");
        try (WsTestClient open = WsTestClient.connect(a.wsUri(), a.mintedToken())) {
            open.await("session.created");
            a.terminate();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (a.readyStatus() == 200) {
                assertThat("A still ready 5 s after SIGTERM", System.nanoTime() < deadline, is(true));
                Thread.sleep(20); // the signal's arrival is the process's business: nothing to await from here
            }
            assertThat("draining, A tells the load balancer it is not ready", a.readyStatus(), is(503));
            assertThat("and the orchestrator that it lives", a.status("/health/live"), is(200));
            URI balanced = URI.create("ws://127.0.0.1:" + nginx.httpPort() + "/v1/realtime");
            // least_conn with equal counts (each session ends before the next) is round-robin: A gets one of the
            // first two upgrades, and its 503 sends it on to B
            for (int i = 0; i < 4; i++) {
                try (WsTestClient c = WsTestClient.connect(balanced, b.mintedToken())) {
                    assertThat("session " + i + " through nginx while A drains",
                               c.next().path("type").asText(), is("session.created"));
                }
            }
            assertThat("nginx passed A's refusal on to B", nginx.awaitAccessLog("/v1/realtime 101 upstreams=503, 101"),
                       is(true));
            assertThat("the sessions opened while A was still draining", a.readyStatus(), is(503));
            assertThat("A's open session lives through the drain window", open.open(), is(true));
            assertThat("the drain's end closes it as going away", open.awaitClose(), is(1001));
        }
        // 143: the JVM's status for an exit on SIGTERM once its shutdown hooks have run (128 + 15)
        assertThat(a.log(), a.awaitExit(Duration.ofSeconds(20)), is(143));
        assertThat(a.log(), containsString("drained; 1 sessions closed with 1001"));
        assertThat(b.readyStatus(), is(200));
    }
}

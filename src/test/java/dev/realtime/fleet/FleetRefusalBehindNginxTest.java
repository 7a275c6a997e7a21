package dev.realtime.fleet;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;

import dev.realtime.testing.BalancedReplicas;
import dev.realtime.testing.Nginx;
import dev.realtime.testing.Replicas;
import dev.realtime.testing.TestEngine;
import dev.realtime.testing.WsTestClient;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Two replicas at their fleet-wide limit behind the shipped {@code etc/nginx/replicas.conf}: each refusal is a 503
 * from both replicas, which nginx counts as a failure of each, so after {@code max_fails} of them it takes both out
 * of its rotation. The service must still answer: further upgrades get the replicas' 503, tokens are still minted,
 * and a session that frees a lease makes room for the next one at once, with no nginx 502 in between.
 */
class FleetRefusalBehindNginxTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** More refusals than the file's max_fails (3), so that nginx has marked both replicas failed. */
    private static final int REFUSALS = 5;

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
        fleet = BalancedReplicas.start(dir, Map.of("MAX_SESSIONS_TOTAL", "1"));
        replicas = fleet.replicas();
        nginx = fleet.nginx();
    }

    @AfterAll
    static void stop() throws Exception {
        fleet.close();
    }

    /** A session through nginx with the engine key, or empty when the upgrade is refused with 503. */
    private static Optional<WsTestClient> open(URI uri) {
        try {
            return Optional.of(WsTestClient.connect(uri, TestEngine.API_KEY));
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused
                    && refused.getResponse().statusCode() == 503) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Test
    void refusalsAtTheFleetLimitLeaveTheServiceAnsweringThroughNginx() throws Exception {
        URI balanced = URI.create("ws://127.0.0.1:" + nginx.httpPort() + "/v1/realtime");
        try (WsTestClient held = WsTestClient.connect(balanced, TestEngine.API_KEY)) {
            held.await("session.created");
            for (int i = 0; i < REFUSALS; i++) {
                HttpResponse<?> refused = WsTestClient.refused(HTTP, balanced,
                                                               Map.of("Authorization", "Bearer " + TestEngine.API_KEY));
                assertThat("upgrade " + i + " at the fleet limit: the replicas' refusal, not nginx's own error",
                           refused.statusCode(), is(503));
            }
            HttpResponse<String> mint = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nginx.httpPort()
                                                              + "/v1/realtime/client_secrets"))
                            .header("Authorization", "Bearer " + TestEngine.API_KEY)
                            .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat("a token is minted while the fleet is full", mint.statusCode(), is(200));
        }
        // the held session's lease is released when the replica sees its socket close: the next upgrade may come
        // first, and is then refused by the replicas (503), never by nginx itself
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        Optional<WsTestClient> admitted;
        while ((admitted = open(balanced)).isEmpty()) {
            assertThat("the freed lease still taken 5 s after the session closed", System.nanoTime() < deadline,
                       is(true));
            Thread.sleep(50); // the release happens on a replica: nothing to await from here
        }
        try (WsTestClient next = admitted.get()) {
            assertThat(next.next().path("type").asText(), is("session.created"));
        }
    }
}

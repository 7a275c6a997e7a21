package dev.realtime.admin;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import dev.realtime.testing.TestEngine;
import dev.realtime.testing.WsTestClient;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * The probes a load balancer or an orchestrator asks: ready only while a new session would be admitted, live
 * while the process serves requests.
 */
class ReadinessTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static HttpResponse<String> get(TestEngine engine, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(engine.httpUri() + path)).build(),
                         HttpResponse.BodyHandlers.ofString());
    }

    private static void assertProbe(TestEngine engine, String path, int status, String reason) throws Exception {
        HttpResponse<String> r = get(engine, path);
        assertThat(path + ": " + r.body(), r.statusCode(), is(status));
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("status").asText(), is(status == 200 ? "ok" : "unavailable"));
        assertThat(r.body(), body.has("reason"), is(status != 200));
        assertThat(body.path("reason").asText(), containsString(reason));
    }

    @Test
    void notReadyAtTheSessionLimitAndWhileDrainingButAliveThroughout() throws Exception {
        try (TestEngine engine = TestEngine.start(Map.of("MAX_SESSIONS", "1"))) {
            assertProbe(engine, "/health/ready", 200, "");
            try (WsTestClient client = WsTestClient.connect(engine.wsUri(), engine.token())) {
                client.await("session.created");
                assertProbe(engine, "/health/ready", 503, "MAX_SESSIONS");
                assertProbe(engine, "/health/live", 200, "");
            }
            // the session ends on the engine's threads after the client's close; nothing to await but the count
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (get(engine, "/health/ready").statusCode() != 200 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
            assertProbe(engine, "/health/ready", 200, "");

            assertThat(engine.engine().sessions().drain(Duration.ofMillis(100)), is(0));
            assertProbe(engine, "/health/ready", 503, "shutting down");
            assertProbe(engine, "/health/live", 200, "");
        }
    }
}

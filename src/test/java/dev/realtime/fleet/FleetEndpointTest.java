package dev.realtime.fleet;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import dev.realtime.testing.Metrics;
import dev.realtime.testing.RedisServer;
import dev.realtime.testing.TestEngine;
import dev.realtime.testing.WsTestClient;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

/**
 * {@code GET /fleet}: behind the engine key, the replicas that wrote their heartbeat lately, each with its open
 * sessions, engine version and configuration version; a replica that stops beating drops out after its time to live,
 * one that closes at once. Without Redis the engine lists itself.
 */
class FleetEndpointTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static HttpResponse<String> get(TestEngine engine, Optional<String> key)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(engine.httpUri() + "/fleet"));
        key.ifPresent(k -> request.header("Authorization", "Bearer " + k));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode fleet(TestEngine engine) {
        try {
            HttpResponse<String> response = get(engine, Optional.of(TestEngine.API_KEY));
            assertThat(response.body(), response.statusCode(), is(200));
            return JSON.readTree(response.body()).path("replicas");
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Optional<JsonNode> replica(JsonNode replicas, String id) {
        for (JsonNode replica : replicas) {
            if (replica.path("id").asText().equals(id)) {
                return Optional.of(replica);
            }
        }
        return Optional.empty();
    }

    @Test
    void listsTheReplicasWithTheirSessionsAndVersions() throws Exception {
        try (RedisServer redis = RedisServer.start();
             TestEngine a = TestEngine.start(FleetLimitsTest.env(redis, "a"));
             TestEngine b = TestEngine.start(FleetLimitsTest.env(redis, "b"));
             WsTestClient onB = FleetLimitsTest.open(b, b.token())) {
            assertThat(get(a, Optional.empty()).statusCode(), is(401));
            b.engine().store().apply(JSON.readTree("{\"voices\":{\"default_voice\":\"cedar\"}}"));
            long configVersion = b.engine().store().version();
            FleetLimitsTest.await("A lists B with its session and configuration", () -> replica(fleet(a), "b")
                    .filter(r -> r.path("sessions").asInt() == 1 && r.path("config_version").asLong() == configVersion)
                    .isPresent());
            JsonNode replicas = fleet(a);
            assertThat(replicas.size(), is(2));
            JsonNode self = replica(replicas, "a").orElseThrow();
            assertThat(self.path("sessions").asInt(), is(0));
            assertThat(self.path("config_version").asLong(), is(a.engine().store().version()));
            assertThat(self.path("version").asText(), is(EngineVersion.get()));
            assertThat("the pom's version, filled in by the build", EngineVersion.get().matches("\\d+\\.\\d+\\.\\d+.*"),
                       is(true));
            assertThat(replica(replicas, "b").orElseThrow().path("seen_ms_ago").asLong(),
                       allOf(greaterThanOrEqualTo(0L), lessThan(10_000L)));
            b.close();
            assertThat("a replica that closes leaves the list at once", replica(fleet(a), "b"), is(Optional.empty()));
        }
    }

    @Test
    void aReplicaThatStopsBeatingDropsOutAfterItsTimeToLive() throws Exception {
        try (RedisServer redis = RedisServer.start();
             RedisLink link = RedisLink.connect(redis.url(), "test");
             TestEngine a = TestEngine.start(FleetLimitsTest.env(redis, "a"))) {
            ReplicaStatus ghost = new ReplicaStatus("ghost", 3, "0.0.1", 7, System.currentTimeMillis(), 0);
            new Heartbeat(link, () -> ghost, Duration.ofMillis(1500)).beat();
            JsonNode seen = replica(fleet(a), "ghost").orElseThrow();
            assertThat(seen.path("sessions").asInt(), is(3));
            assertThat(seen.path("config_version").asLong(), is(7L));
            assertThat(seen.path("version").asText(), is("0.0.1"));
            // the ghost never beats again, as a replica that was killed
            FleetLimitsTest.await("the ghost drops out", () -> replica(fleet(a), "ghost").isEmpty());
            assertThat("the live replica stays", replica(fleet(a), "a").isPresent(), is(true));
        }
    }

    @Test
    void aRedisFailureAnswers503() throws Exception {
        RedisServer redis = RedisServer.start();
        try (TestEngine engine = TestEngine.start(FleetLimitsTest.env(redis, "a"))) {
            String before = Metrics.scrape(engine);
            redis.close();
            HttpResponse<String> response = get(engine, Optional.of(TestEngine.API_KEY));
            assertThat(response.statusCode(), is(503));
            assertThat(Metrics.providerErrorsAdded(before, Metrics.scrape(engine), "redis", "fleet_view",
                                                   "unreachable"), is(1.0));
            assertThat(JSON.readTree(response.body()).path("error").path("code").asText(), is("fleet_unavailable"));
            assertThat(JSON.readTree(response.body()).path("error").path("type").asText(), is("server_error"));
            assertThat(response.headers().firstValue("Retry-After").orElse(""), is("5"));
        } finally {
            redis.close();
        }
    }

    @Test
    void withoutRedisTheEngineListsItself() throws Exception {
        try (TestEngine engine = TestEngine.start(Map.of("REPLICA_ID", "solo"));
             WsTestClient client = FleetLimitsTest.open(engine, engine.token())) {
            JsonNode replicas = fleet(engine);
            assertThat(replicas.size(), is(1));
            assertThat(replicas.get(0).path("id").asText(), is("solo"));
            assertThat(replicas.get(0).path("sessions").asInt(), is(1));
            assertThat(replicas.get(0).path("config_version").asLong(), is(engine.engine().store().version()));
            assertThat(replicas.get(0).path("seen_ms_ago").asLong(), is(0L));
        }
    }
}

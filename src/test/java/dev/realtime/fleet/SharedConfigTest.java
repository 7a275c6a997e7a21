package dev.realtime.fleet;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import dev.realtime.config.RuntimeSnapshot;
import dev.realtime.testing.LogCapture;
import dev.realtime.testing.RedisServer;
import dev.realtime.testing.TestEngine;
import dev.realtime.testing.WsTestClient;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

/**
 * {@code REDIS_URL} shares the runtime layer: the first replica's file layer becomes version 1 and the others start
 * on it; a change or a reload on any replica is written as the next version and every replica takes it for new
 * sessions; changes made at once on two replicas both land; a version a replica cannot build is kept out there; a
 * change Redis cannot store is a 503 that changes nothing.
 */
class SharedConfigTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Generous: what this awaits is an event, the one-second target belongs to bench/. */
    private static final long AWAIT_SECONDS = 10;

    private static Map<String, String> env(RedisServer redis, String... more) {
        Map<String, String> env = new HashMap<>(Map.of("REDIS_URL", redis.url().toString()));
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    private static HttpResponse<String> call(TestEngine engine, String method, String path, String body)
            throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(engine.httpUri() + path))
                                 .header("Authorization", "Bearer " + TestEngine.API_KEY)
                                 .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                                         : HttpRequest.BodyPublishers.ofString(body)).build(),
                         HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode ok(TestEngine engine, String method, String path, String body) throws Exception {
        HttpResponse<String> r = call(engine, method, path, body);
        assertThat(r.body(), r.statusCode(), is(200));
        return JSON.readTree(r.body());
    }

    /** Completes with the first configuration the engine takes at the given version or later. */
    private static CompletableFuture<RuntimeSnapshot> reaches(TestEngine engine, long version) {
        CompletableFuture<RuntimeSnapshot> reached = new CompletableFuture<>();
        engine.engine().store().onChange(s -> {
            if (engine.engine().store().version() >= version) {
                reached.complete(s);
            }
        });
        if (engine.engine().store().version() >= version) {
            reached.complete(engine.engine().store().current());
        }
        return reached;
    }

    private static RuntimeSnapshot await(CompletableFuture<RuntimeSnapshot> change) throws Exception {
        return change.get(AWAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** Completes with the first message logged from now on that contains the text. */
    private static CompletableFuture<String> logged(String text) {
        CompletableFuture<String> seen = new CompletableFuture<>();
        Logger root = Logger.getLogger("");
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (String.valueOf(record.getMessage()).contains(text)) {
                    seen.complete(record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        root.addHandler(handler);
        seen.whenComplete((m, e) -> root.removeHandler(handler));
        return seen;
    }

    private static JsonNode sessionOn(TestEngine engine, String token) throws Exception {
        try (WsTestClient c = WsTestClient.connect(engine.wsUri(), token)) {
            return c.await("session.created").path("session");
        }
    }

    private static String voice(JsonNode session) {
        return session.path("audio").path("output").path("voice").asText();
    }

    @Test
    void theFirstReplicaBootstrapsAndEveryReplicaTakesAChangeForNewSessions() throws Exception {
        try (RedisServer redis = RedisServer.start();
             TestEngine a = TestEngine.start(env(redis), "voices: {default_voice: sage}\n");
             TestEngine b = TestEngine.start(env(redis), "voices: {default_voice: ash}\n");
             RedisLink look = RedisLink.connect(redis.url(), redis.url().toString())) {
            assertThat(look.commands().hget(RedisConfigLayer.KEY, "version"), is("1"));
            assertThat("the second replica starts on the fleet's layer, not its file",
                       ok(b, "GET", "/config", "").path("voices").path("default_voice").asText(), is("sage"));
            assertThat(voice(sessionOn(b, TestEngine.API_KEY)), is("sage"));
            assertThat(b.engine().store().version(), is(1L));
            assertThat(ok(b, "GET", "/config?sources=true", "").path("sources").path("voices.default_voice")
                               .asText(), is("redis"));

            CompletableFuture<RuntimeSnapshot> onB = reaches(b, 2);
            ok(a, "PUT", "/config", "{\"voices\":{\"instructions\":\"Answer like a lighthouse keeper.\"}}");
            assertThat(await(onB).config().session().instructions(), is("Answer like a lighthouse keeper."));
            assertThat(sessionOn(b, TestEngine.API_KEY).path("instructions").asText(),
                       is("Answer like a lighthouse keeper."));
            assertThat(a.engine().store().version(), is(2L));
            assertThat(b.engine().store().version(), is(2L));
            assertThat("the file is only the bootstrap: a replica does not write the fleet's layer into it",
                       Files.readString(b.runtimeFile()), is("voices: {default_voice: ash}\n"));
        }
    }

    @Test
    void aPresetAddedOnOneReplicaOpensSessionsOnAnother() throws Exception {
        try (RedisServer redis = RedisServer.start();
             TestEngine a = TestEngine.start(env(redis));
             TestEngine b = TestEngine.start(env(redis))) {
            CompletableFuture<RuntimeSnapshot> onB = reaches(b, 2);
            ok(a, "PUT", "/config", "{\"presets\":{\"harbour\":{\"voices\":{\"default_voice\":\"coral\"}}}}");
            await(onB);
            assertThat(ok(b, "GET", "/presets", "").has("harbour"), is(true));
            String token = ok(b, "POST", "/v1/realtime/client_secrets", "{\"preset\":\"harbour\"}").path("value")
                    .asText();
            assertThat(voice(sessionOn(b, token)), is("coral"));
        }
    }

    @Test
    void changesMadeAtOnceOnTwoReplicasBothLand() throws Exception {
        try (RedisServer redis = RedisServer.start();
             TestEngine a = TestEngine.start(env(redis));
             TestEngine b = TestEngine.start(env(redis));
             RedisLink look = RedisLink.connect(redis.url(), redis.url().toString())) {
            CompletableFuture<RuntimeSnapshot> onA = reaches(a, 3);
            CompletableFuture<RuntimeSnapshot> onB = reaches(b, 3);
            CompletableFuture<Void> start = new CompletableFuture<>();
            CompletableFuture<HttpResponse<String>> fromA = start.thenApplyAsync(v -> put(a,
                    "{\"voices\":{\"instructions\":\"Keep it short.\"}}"));
            CompletableFuture<HttpResponse<String>> fromB = start.thenApplyAsync(v -> put(b,
                    "{\"voices\":{\"default_voice\":\"verse\"}}"));
            start.complete(null);
            assertThat(fromA.get(AWAIT_SECONDS, TimeUnit.SECONDS).statusCode(), is(200));
            assertThat(fromB.get(AWAIT_SECONDS, TimeUnit.SECONDS).statusCode(), is(200));
            assertThat(look.commands().hget(RedisConfigLayer.KEY, "version"), is("3"));
            for (RuntimeSnapshot both : List.of(await(onA), await(onB))) {
                assertThat(both.config().session().instructions(), is("Keep it short."));
                assertThat(both.config().session().voice(), is("verse"));
            }
        }
    }

    private static HttpResponse<String> put(TestEngine engine, String body) {
        try {
            return call(engine, "PUT", "/config", body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aVersionAReplicaCannotBuildIsKeptOutThereAndSaidOnce() throws Exception {
        try (RedisServer redis = RedisServer.start();
             TestEngine a = TestEngine.start(env(redis, "GROQ_API_KEY", "gsk-only-on-a"));
             TestEngine b = TestEngine.start(env(redis));
             LogCapture logs = LogCapture.install()) { // after the servers start: Helidon's start resets logging
            String before = b.engine().store().current().config().llm().provider();
            CompletableFuture<String> refused = logged("shared configuration version 2 cannot be used");
            ok(a, "PUT", "/config", "{\"llm\":{\"provider\":\"groq\"}}");
            assertThat(a.engine().store().version(), is(2L));
            refused.get(AWAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(refusals(logs), hasSize(1));
            assertThat(refusals(logs).getFirst(), containsString("llm.groq.api_key"));
            assertThat("asked again, it still keeps its own", b.engine().store().pull(), is(false));
            assertThat(b.engine().store().pull(), is(false));
            assertThat("said once per version", refusals(logs), hasSize(1));
            assertThat(b.engine().store().version(), is(1L));
            assertThat(b.engine().store().current().config().llm().provider(), is(before));
        }
    }

    private static List<String> refusals(LogCapture logs) {
        return logs.lines().stream().map(LogCapture.Line::message)
                .filter(m -> m.contains("shared configuration version 2 cannot be used")).toList();
    }

    @Test
    void aReloadPublishesTheFileAndAnEditAloneIsNotApplied() throws Exception {
        try (RedisServer redis = RedisServer.start();
             TestEngine a = TestEngine.start(env(redis, "CONFIG_POLL_INTERVAL_MS", "50"),
                                             "voices: {default_voice: sage}\n");
             TestEngine b = TestEngine.start(env(redis));
             LogCapture logs = LogCapture.install()) {
            CompletableFuture<String> noticed = logged("with REDIS_URL the file is only the bootstrap");
            Files.writeString(a.runtimeFile(), "voices: {default_voice: shimmer}\n");
            noticed.get(AWAIT_SECONDS, TimeUnit.SECONDS);
            // polling takes the store's lock: this one runs after the poll that noticed the edit has finished
            assertThat("the edit is not taken", a.engine().store().poll(), is(false));
            assertThat(fileNotices(logs), hasSize(1));
            assertThat(a.engine().store().version(), is(1L));
            assertThat(a.engine().store().current().config().session().voice(), is("sage"));

            CompletableFuture<RuntimeSnapshot> onB = reaches(b, 2);
            assertThat(ok(a, "POST", "/config/reload", "").path("voices").path("default_voice").asText(),
                       is("shimmer"));
            assertThat(await(onB).config().session().voice(), is("shimmer"));
            assertThat("the reload is not reported as an edit afterwards", fileNotices(logs), hasSize(1));
        }
    }

    private static List<String> fileNotices(LogCapture logs) {
        return logs.lines().stream().map(LogCapture.Line::message)
                .filter(m -> m.contains("with REDIS_URL the file is only the bootstrap")).toList();
    }

    @Test
    void aReplicaSaysOnceThatItCannotFollowAndFollowsAgainWhenRedisIsBack() throws Exception {
        RedisServer redis = RedisServer.start();
        try (TestEngine a = TestEngine.start(env(redis));
             TestEngine b = TestEngine.start(env(redis));
             LogCapture logs = LogCapture.install()) {
            CompletableFuture<String> lost = logged("cannot follow the shared configuration");
            double before = followFailures(b);
            redis.close();
            lost.get(AWAIT_SECONDS, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(AWAIT_SECONDS);
            while (followFailures(b) < before + 6 && System.nanoTime() < deadline) {
                Thread.sleep(100); // polling a counter with a deadline: each follower fails every 500 ms
            }
            assertThat(followFailures(b) >= before + 6, is(true));
            assertThat("once per replica, not once per check", lines(logs, "cannot follow the shared"), hasSize(2));

            CompletableFuture<String> back = logged("the shared configuration can be read again");
            redis = RedisServer.restart(redis);
            back.get(AWAIT_SECONDS, TimeUnit.SECONDS);
            CompletableFuture<RuntimeSnapshot> onB = reaches(b, 2);
            ok(a, "PUT", "/config", "{\"voices\":{\"default_voice\":\"ballad\"}}");
            assertThat("a Redis restarted without its data was given the fleet's version again",
                       await(onB).config().session().voice(), is("ballad"));
        } finally {
            redis.close();
        }
    }

    private static double followFailures(TestEngine engine) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(engine.httpUri() + "/metrics")).build(),
                                           HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("(?m)^realtime_provider_errors_total\\{[^}]*operation=\"config_follow\"[^}]*} "
                                            + "([0-9.eE+-]+)$").matcher(r.body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static List<String> lines(LogCapture logs, String text) {
        return logs.lines().stream().map(LogCapture.Line::message).filter(m -> m.contains(text)).toList();
    }

    @Test
    void aChangeRedisCannotStoreIs503AndChangesNothing() throws Exception {
        RedisServer redis = RedisServer.start();
        try (TestEngine a = TestEngine.start(env(redis), "voices: {default_voice: sage}\n")) {
            redis.close();
            HttpResponse<String> r = call(a, "PUT", "/config", "{\"voices\":{\"default_voice\":\"ash\"}}");
            assertThat(r.body(), r.statusCode(), is(503));
            assertThat(JSON.readTree(r.body()).path("error").path("message").asText(),
                       containsString("Redis failed"));
            assertThat(JSON.readTree(r.body()).path("error").path("type").asText(), is("server_error"));
            assertThat(r.headers().firstValue("Retry-After").orElse(""), is("5"));
            assertThat(ok(a, "GET", "/config", "").path("voices").path("default_voice").asText(), is("sage"));
            assertThat(a.engine().store().version(), is(1L));
            assertThat(voice(sessionOn(a, TestEngine.API_KEY)), is("sage"));
        } finally {
            redis.close();
        }
    }
}

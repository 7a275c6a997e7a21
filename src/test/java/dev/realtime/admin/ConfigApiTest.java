package dev.realtime.admin;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.realtime.config.ConfigKeys;
import dev.realtime.testing.EngineExtension;
import dev.realtime.testing.TestEngine;
import dev.realtime.testing.WsTestClient;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

class ConfigApiTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    final EngineExtension engine = EngineExtension.withEnv(
            Map.of("GROQ_API_KEY", "gsk-secret-value", "CONFIG_POLL_INTERVAL_MS", "50"),
            "voices: {default_voice: sage}\npresets: {calm: {voices: {default_voice: ash}}}\n");

    private HttpResponse<String> call(String method, String path, String body, boolean withKey) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(engine.httpUri() + path))
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (withKey) {
            b.header("Authorization", "Bearer " + TestEngine.API_KEY);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode ok(String method, String path, String body) throws Exception {
        HttpResponse<String> r = call(method, path, body, true);
        assertThat(r.body(), r.statusCode(), is(200));
        return MAPPER.readTree(r.body());
    }

    @Test
    void everyEndpointNeedsTheKey() throws Exception {
        String[][] endpoints = {{"GET", "/config"}, {"PUT", "/config"}, {"POST", "/config/validate"},
                {"POST", "/config/reload"}, {"GET", "/presets"}};
        for (String[] e : endpoints) {
            HttpResponse<String> r = call(e[0], e[1], e[0].equals("GET") ? "" : "{}", false);
            assertThat(e[1], r.statusCode(), is(401));
            assertThat(r.headers().firstValue("WWW-Authenticate").orElse(""), is("Bearer"));
            assertThat(call(e[0], e[1], e[0].equals("GET") ? "" : "{}", true).statusCode(), is(200));
        }
    }

    @Test
    void effectiveConfigRedactsSecretsAndNamesSources() throws Exception {
        HttpResponse<String> raw = call("GET", "/config?sources=true", "", true);
        assertThat(raw.body(), not(containsString("gsk-secret-value")));
        assertThat(raw.body(), not(containsString(TestEngine.API_KEY)));
        JsonNode config = MAPPER.readTree(raw.body());
        assertThat(config.path("llm").path("provider").asText(), is("groq"));
        assertThat(config.path("llm").path("groq").path("api_key").asText(), is("***"));
        assertThat(config.path("voices").path("default_voice").asText(), is("sage"));
        assertThat(config.path("sources").path("voices.default_voice").asText(), is("file"));
        assertThat(config.path("sources").path("llm.groq.api_key").asText(), is("env"));
        assertThat(config.path("sources").path("limits.outbox_capacity").asText(), is("default"));
    }

    @Test
    void putChangesNewSessionsAndIsPersisted() throws Exception {
        JsonNode after = ok("PUT", "/config", "{\"voices\":{\"default_voice\":\"verse\"},"
                + "\"llm\":{\"groq\":{\"api_key\":\"***\"}}}");
        assertThat(after.path("voices").path("default_voice").asText(), is("verse"));
        assertThat(Files.readString(engine.runtimeFile()), containsString("verse"));
        assertThat("the redacted placeholder does not overwrite the secret",
                   Files.readString(engine.runtimeFile()), not(containsString("***")));
        try (WsTestClient c = WsTestClient.connect(engine.wsUri(), engine.token())) {
            assertThat(c.await("session.created").path("session").path("audio").path("output").path("voice")
                               .asText(), is("verse"));
        }
        assertThat(ok("GET", "/config?sources=true", "").path("sources").path("voices.default_voice").asText(),
                   is("api"));
    }

    @Test
    void invalidPutAnswers400WithEveryProblemAndChangesNothing() throws Exception {
        String before = Files.readString(engine.runtimeFile());
        HttpResponse<String> r = call("PUT", "/config", "{\"llm\":{\"provider\":\"skynet\"},\"nonsense\":1}", true);
        assertThat(r.statusCode(), is(400));
        JsonNode problems = MAPPER.readTree(r.body()).path("problems");
        assertThat(problems.size(), is(2));
        assertThat(problems.get(0).path("path").asText().isEmpty(), is(false));
        assertThat(call("PUT", "/config", "{not json", true).statusCode(), is(400));
        assertThat(Files.readString(engine.runtimeFile()), is(before));
        assertThat(ok("GET", "/config", "").path("voices").path("default_voice").asText(), is("sage"));
    }

    @Test
    void validateReportsErrorsAndWarningsWithoutApplying() throws Exception {
        JsonNode keyless = ok("POST", "/config/validate", "{\"llm\":{\"provider\":\"openai\"}}");
        assertThat(keyless.path("valid").asBoolean(), is(false));
        assertThat(keyless.path("errors").get(0).path("path").asText(), is("llm.openai.api_key"));
        assertThat(keyless.path("errors").get(0).path("message").asText(), containsString("OPENAI_API_KEY"));
        assertThat(ok("POST", "/config/validate", "{\"voices\":{\"default_voice\":\"ash\"}}").path("valid")
                           .asBoolean(), is(true));
        JsonNode bad = ok("POST", "/config/validate", "{\"limits\":{\"max_sessions\":0}}");
        assertThat(bad.path("valid").asBoolean(), is(false));
        assertThat(bad.path("errors").get(0).path("path").asText(), is("limits.max_sessions"));
        assertThat(ok("GET", "/config", "").path("llm").path("provider").asText(), is("groq"));
    }

    @Test
    void reloadOfABrokenFileKeepsTheRunningConfig() throws Exception {
        // written whole (temp file and rename), as an operator's tool would, so the poller never sees a torn file
        Path temp = Files.writeString(engine.runtimeFile().resolveSibling("edit.tmp"),
                                                    "voices: {default_voice: [broken\n");
        Files.move(temp, engine.runtimeFile(), StandardCopyOption.ATOMIC_MOVE,
                   StandardCopyOption.REPLACE_EXISTING);
        HttpResponse<String> r = call("POST", "/config/reload", "", true);
        assertThat(r.statusCode(), is(400));
        assertThat(ok("GET", "/config", "").path("voices").path("default_voice").asText(), is("sage"));
    }

    @Test
    void externalEditIsPickedUp() throws Exception {
        CountDownLatch changed = new CountDownLatch(1);
        engine.engine().store().onChange(s -> changed.countDown());
        Path temp = Files.writeString(engine.runtimeFile().resolveSibling("edit.tmp"),
                                                    "voices: {default_voice: coral}\n");
        Files.move(temp, engine.runtimeFile(), StandardCopyOption.ATOMIC_MOVE,
                   StandardCopyOption.REPLACE_EXISTING);
        assertThat(changed.await(10, TimeUnit.SECONDS), is(true));
        assertThat(engine.engine().services().config().session().voice(), is("coral"));
    }

    @Test
    void presetsAreListedAppliedAndNamedInTokens() throws Exception {
        JsonNode presets = ok("GET", "/presets", "");
        assertThat(presets.has("calm"), is(true));
        HttpResponse<String> unknown = call("POST", "/v1/realtime/client_secrets", "{\"preset\":\"nope\"}", true);
        assertThat(unknown.statusCode(), is(400));
        String token = ok("POST", "/v1/realtime/client_secrets", "{\"preset\":\"calm\"}").path("value").asText();
        try (WsTestClient c = WsTestClient.connect(engine.wsUri(), token)) {
            assertThat(c.await("session.created").path("session").path("audio").path("output").path("voice")
                               .asText(), is("ash"));
        }
        assertThat(ok("PUT", "/config", "{\"preset\":\"calm\"}").path("voices").path("default_voice").asText(),
                   is("ash"));
    }

    @Test
    void turnDetectionDefaultsApplyToNewSessions() throws Exception {
        ok("PUT", "/config", "{\"turn_detection\":{\"type\":\"semantic_vad\",\"silence_duration_ms\":800,"
                + "\"interrupt_response\":false}}");
        try (WsTestClient c = WsTestClient.connect(engine.wsUri(), engine.token())) {
            JsonNode turn = c.await("session.created").path("session").path("audio").path("input")
                    .path("turn_detection");
            assertThat(turn.path("type").asText(), is("semantic_vad"));
            assertThat(turn.path("interrupt_response").asBoolean(), is(false));
        }
        ok("PUT", "/config", "{\"turn_detection\":{\"type\":\"none\"}}");
        try (WsTestClient c = WsTestClient.connect(engine.wsUri(), engine.token())) {
            assertThat(c.await("session.created").path("session").path("audio").path("input")
                               .path("turn_detection").isNull(), is(true));
        }
        HttpResponse<String> bad = call("PUT", "/config", "{\"turn_detection\":{\"threshold\":2}}", true);
        assertThat(bad.statusCode(), is(400));
        assertThat(bad.body(), containsString("turn_detection.threshold"));
    }

    @Test
    void aPresetWhoseProviderHasNoKeyIs400AndTheEngineStillRestarts() throws Exception {
        String before = Files.readString(engine.runtimeFile());
        JsonNode valid = ok("POST", "/config/validate", "{\"preset\":\"groq-deepgram\"}");
        assertThat(valid.path("valid").asBoolean(), is(false));
        HttpResponse<String> r = call("PUT", "/config", "{\"preset\":\"groq-deepgram\"}", true);
        assertThat(r.body(), r.statusCode(), is(400));
        assertThat(r.body(), containsString("DEEPGRAM_API_KEY"));
        assertThat(MAPPER.readTree(r.body()).path("problems").get(0).path("path").asText(), is("deepgram.api_key"));
        assertThat(Files.readString(engine.runtimeFile()), is(before));
        assertThat(ok("GET", "/config", "").path("stt").path("provider").asText(), is("local"));
        engine.restart();
        assertThat(ok("GET", "/health", "").path("status").asText(), is("ok"));
        assertThat(ok("GET", "/config", "").path("voices").path("default_voice").asText(), is("sage"));
    }

    @Test
    void anUnusableFileAtStartupGivesADegradedEngineThatAPutRepairs() throws Exception {
        ok("PUT", "/config", "{\"voices\":{\"default_voice\":\"verse\"}}");
        engine.restartWith("stt: {provider: deepgram}\n");
        JsonNode health = ok("GET", "/health", "");
        assertThat(health.path("status").asText(), is("degraded"));
        assertThat(health.path("reason").asText(), containsString("DEEPGRAM_API_KEY"));
        assertThat(health.path("reason").asText(), containsString("last good configuration"));
        assertThat(ok("GET", "/config", "").path("voices").path("default_voice").asText(), is("verse"));
        ok("PUT", "/config", "{\"voices\":{\"default_voice\":\"coral\"}}");
        assertThat(ok("GET", "/health", "").path("status").asText(), is("ok"));
        assertThat(Files.readString(engine.runtimeFile()), not(containsString("deepgram")));
    }

    @Test
    void getConfigShowsEveryKeyWithDefaultsIncluded() throws Exception {
        JsonNode config = ok("GET", "/config?sources=true", "");
        for (var key : ConfigKeys.all()) {
            JsonNode node = config;
            for (String part : key.path().split("\\.")) {
                node = node.path(part);
            }
            assertThat(key.path() + " is shown", node.isMissingNode(), is(false));
            assertThat(key.path() + " has a source", config.path("sources").has(key.path()), is(true));
        }
        assertThat(config.path("llm").path("groq").path("model").asText(), is("openai/gpt-oss-20b"));
        assertThat("an inactive provider's default model", config.path("llm").path("openai").path("model").asText(),
                   is("gpt-4o-mini"));
        assertThat(config.path("llm").path("openai_compatible").path("base_url").asText(),
                   is("http://127.0.0.1:11434/v1"));
        assertThat(config.path("stt").path("timeout_ms").asInt(), is(15000));
        assertThat(config.path("server").path("public_ws_url").isNull(), is(true));
        assertThat(config.path("llm").path("openai").path("api_key").isNull(), is(true));
        assertThat(config.path("sources").path("llm.openai.model").asText(), is("default"));
    }

    @Test
    void instructionsTheRuntimeFileCouldNotHoldAreRefusedAndTheEngineStillRestarts() throws Exception {
        String before = Files.readString(engine.runtimeFile());
        // the request line and headers only: the server must refuse a body this large from its Content-Length,
        // before reading it (a client sending the body meanwhile races the server's close, so the test does not)
        String statusLine;
        try (Socket socket = new Socket(engine.httpUri().getHost(), engine.httpUri().getPort())) {
            socket.setSoTimeout(10_000);
            String head = "PUT /config HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TestEngine.API_KEY
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + (10 * 1024 * 1024) + "\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        }
        assertThat("a body larger than any configuration", statusLine, startsWith("HTTP/1.1 413"));
        HttpResponse<String> tooLong = call("PUT", "/config", "{\"voices\":{\"instructions\":\""
                + "x".repeat(300_000) + "\"}}", true);
        assertThat(tooLong.statusCode(), is(400));
        assertThat(MAPPER.readTree(tooLong.body()).path("problems").get(0).path("path").asText(),
                   is("voices.instructions"));
        assertThat(Files.readString(engine.runtimeFile()), is(before));
        engine.restart();
        assertThat(ok("GET", "/health", "").path("status").asText(), is("ok"));
    }
}

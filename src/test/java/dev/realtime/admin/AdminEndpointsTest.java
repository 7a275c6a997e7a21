package dev.realtime.admin;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.realtime.testing.EngineExtension;
import dev.realtime.testing.RunningEngine;
import dev.realtime.testing.TestEngine;
import dev.realtime.testing.WsTestClient;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

class AdminEndpointsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final EngineExtension engine = EngineExtension.withEnv(Map.of());

    static HttpResponse<String> post(RunningEngine target, String path, Map<String, String> headers, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target.httpUri() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return post(engine, path, Map.of("Authorization", "Bearer " + TestEngine.API_KEY,
                                         "Content-Type", "application/json"), body);
    }

    @Test
    void healthAnswersOkWithTimestamp() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(engine.httpUri() + "/health")).build(),
                                           HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode(), is(200));
        JsonNode body = MAPPER.readTree(r.body());
        assertThat(body.path("status").asText(), is("ok"));
        Instant.parse(body.path("timestamp").asText());
        assertThat(body.path("components").path("vad").asText(), is("silero"));
        assertThat(body.path("components").path("llm").asText(), is("offline"));
    }

    @Test
    void healthReportsTheEnergyFallbackWhenTheModelIsMissing() throws Exception {
        try (TestEngine noModel = TestEngine.start(Map.of("SILERO_MODEL_PATH", "does/not/exist.onnx",
                                                          "STT_PROVIDER", "none"))) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(noModel.httpUri() + "/health"))
                                                       .build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = MAPPER.readTree(r.body());
            assertThat(body.path("status").asText(), is("ok"));
            assertThat(body.path("components").path("vad").asText(), is("energy"));
            assertThat(body.path("components").path("stt").asText(), is("unavailable"));
            assertThat(body.path("warnings").toString(), containsString("bin/fetch-silero"));
        }
    }

    @Test
    void clientSecretsMintsAGaTokenWhoseSessionDefaultsApply() throws Exception {
        HttpResponse<String> r = post("/v1/realtime/client_secrets",
                                      "{\"expires_after\":{\"anchor\":\"created_at\",\"seconds\":120},"
                                              + "\"session\":{\"type\":\"realtime\",\"instructions\":\"Talk like a "
                                              + "pirate.\",\"audio\":{\"output\":{\"voice\":\"cedar\"}}}}");
        assertThat(r.body(), r.statusCode(), is(200));
        JsonNode body = MAPPER.readTree(r.body());
        String token = body.path("value").asText();
        assertThat(token, startsWith("ek_"));
        long expiresAt = body.path("expires_at").asLong();
        assertThat(expiresAt - Instant.now().getEpochSecond() <= 120, is(true));
        assertThat(body.path("session").path("audio").path("output").path("voice").asText(), is("cedar"));
        try (WsTestClient c = WsTestClient.connect(engine.wsUri(), token)) {
            JsonNode session = c.await("session.created").path("session");
            assertThat(session.path("instructions").asText(), is("Talk like a pirate."));
            assertThat(session.path("audio").path("output").path("voice").asText(), is("cedar"));
        }
    }

    @Test
    void betaSessionsMintsABetaShapedSecret() throws Exception {
        HttpResponse<String> r = post("/v1/realtime/sessions",
                                      "{\"model\":\"gpt-4o-realtime-preview\",\"modalities\":[\"text\"],"
                                              + "\"voice\":\"alloy\",\"instructions\":\"Hi.\"}");
        assertThat(r.body(), r.statusCode(), is(200));
        JsonNode body = MAPPER.readTree(r.body());
        assertThat(body.path("client_secret").path("value").asText(), startsWith("ek_"));
        assertThat(body.path("client_secret").path("expires_at").asLong(), greaterThan(0L));
        assertThat(body.path("modalities").get(0).asText(), is("text"));
        try (WsTestClient c = WsTestClient.connect(engine.wsUri(), Map.of(
                "Authorization", "Bearer " + body.path("client_secret").path("value").asText(),
                "OpenAI-Beta", "realtime=v1"), List.of())) {
            JsonNode session = c.await("session.created").path("session");
            assertThat(session.path("modalities").toString(), is("[\"text\"]"));
            assertThat(session.path("voice").asText(), is("alloy"));
        }
    }

    @Test
    void generateTokenIsCoreCompatible() throws Exception {
        HttpResponse<String> r = post(engine, "/vowel/api/generateToken",
                                      Map.of("X-API-Key", TestEngine.API_KEY, "Content-Type", "application/json"),
                                      "{\"appId\":\"app-42\",\"provider\":\"vowel-prime\"}");
        assertThat(r.body(), r.statusCode(), is(200));
        JsonNode body = MAPPER.readTree(r.body());
        assertThat(body.path("token").asText(), startsWith("ek_"));
        Instant.parse(body.path("expiresAt").asText());
        assertThat(body.path("wsUrl").asText(), is("ws://127.0.0.1:" + engine.port() + "/v1/realtime"));
    }

    @Test
    void invalidSessionConfigIs400NamingTheField() throws Exception {
        HttpResponse<String> r = post("/v1/realtime/client_secrets",
                                      "{\"session\":{\"type\":\"realtime\",\"audio\":{\"output\":{\"speed\":9}}}}");
        assertThat(r.statusCode(), is(400));
        JsonNode error = MAPPER.readTree(r.body()).path("error");
        assertThat(error.path("param").asText(), is("session.audio.output.speed"));
        HttpResponse<String> core = post(engine, "/vowel/api/generateToken",
                                         Map.of("X-API-Key", TestEngine.API_KEY),
                                         "{\"appId\":\"a\",\"config\":{\"output_modalities\":[\"video\"]}}");
        assertThat(core.statusCode(), is(400));
        assertThat(MAPPER.readTree(core.body()).path("error").path("param").asText(),
                   is("config.output_modalities"));
        HttpResponse<String> missing = post(engine, "/vowel/api/generateToken",
                                            Map.of("X-API-Key", TestEngine.API_KEY), "{\"provider\":\"x\"}");
        assertThat(missing.statusCode(), is(400));
        assertThat(MAPPER.readTree(missing.body()).path("error").path("param").asText(), is("appId"));
        HttpResponse<String> badJson = post("/v1/realtime/sessions", "{oops");
        assertThat(badJson.statusCode(), is(400));
    }

    @Test
    void mintingNeedsTheEngineKey() throws Exception {
        for (String path : new String[] {"/v1/realtime/client_secrets", "/v1/realtime/sessions",
                                         "/vowel/api/generateToken"}) {
            HttpResponse<String> none = post(engine, path, Map.of(), "{\"appId\":\"a\"}");
            assertThat(path, none.statusCode(), is(401));
            HttpResponse<String> wrong = post(engine, path, Map.of("Authorization", "Bearer nope",
                                                                   "X-API-Key", "nope"), "{\"appId\":\"a\"}");
            assertThat(path, wrong.statusCode(), is(401));
            assertThat(wrong.headers().firstValue("WWW-Authenticate").orElse(""), is("Bearer"));
        }
    }

    @Test
    void withoutEngineKeyMintingExplainsHowToEnableIt() throws Exception {
        try (TestEngine keyless = TestEngine.start(Map.of("ENGINE_API_KEY", ""))) {
            HttpResponse<String> r = post(keyless, "/v1/realtime/client_secrets",
                                          Map.of("Authorization", "Bearer anything"), "{}");
            assertThat(r.statusCode(), is(401));
            assertThat(r.body(), containsString("ENGINE_API_KEY"));
        }
    }
}

package dev.realtime.admin;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
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
import static org.hamcrest.Matchers.is;

/**
 * Browser-facing access with {@code ALLOWED_ORIGINS}: pages from other origins are refused with 403 on the WebSocket
 * upgrade and on the token endpoints, listed ones get CORS answers, clients without {@code Origin} pass; unset, any
 * origin gets CORS answers.
 */
class BrowserAccessTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<String> TOKEN_PATHS = List.of("/v1/realtime/client_secrets", "/v1/realtime/sessions",
                                                            "/vowel/api/generateToken");

    @RegisterExtension
    static final EngineExtension engine = EngineExtension.withEnv(
            Map.of("ALLOWED_ORIGINS", "https://app.example,http://localhost:3000"));

    private static HttpResponse<String> mint(RunningEngine target, String path, Map<String, String> headers)
            throws Exception {
        Map<String, String> all = new HashMap<>(Map.of("Authorization", "Bearer " + TestEngine.API_KEY,
                                                       "Content-Type", "application/json"));
        all.putAll(headers);
        String body = path.endsWith("generateToken") ? "{\"appId\":\"web\"}" : "{}";
        return AdminEndpointsTest.post(target, path, all, body);
    }

    private static HttpResponse<String> preflight(RunningEngine target, String path, String origin) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(target.httpUri() + path))
                                 .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                                 .header("Origin", origin)
                                 .header("Access-Control-Request-Method", "POST")
                                 .header("Access-Control-Request-Headers", "authorization,content-type").build(),
                         HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<?> refusedUpgrade(RunningEngine target, Map<String, String> headers) {
        return WsTestClient.refused(HTTP, target.wsUri(), headers);
    }

    private static void assertCors(HttpHeaders headers, String origin) {
        assertThat(headers.firstValue("Access-Control-Allow-Origin").orElse("(none)"), is(origin));
        assertThat(headers.allValues("Vary").toString(), containsString("Origin"));
    }

    @Test
    void tokenRequestFromAnotherOriginIsRefusedWith403() throws Exception {
        for (String path : TOKEN_PATHS) {
            HttpResponse<String> r = mint(engine, path, Map.of("Origin", "https://evil.example"));
            assertThat(path, r.statusCode(), is(403));
            JsonNode error = MAPPER.readTree(r.body()).path("error");
            assertThat(error.path("code").asText(), is("origin_not_allowed"));
            assertThat(error.path("message").asText(), containsString("'https://evil.example' is not allowed"));
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin").isPresent(), is(false));
        }
    }

    @Test
    void tokenRequestFromAnAllowedOriginCarriesCorsHeaders() throws Exception {
        for (String path : TOKEN_PATHS) {
            HttpResponse<String> r = mint(engine, path, Map.of("Origin", "https://app.example"));
            assertThat(path + ": " + r.body(), r.statusCode(), is(200));
            assertCors(r.headers(), "https://app.example");
        }
    }

    @Test
    void aRefusedKeyStillCarriesCorsHeadersSoThePageCanReadWhy() throws Exception {
        HttpResponse<String> r = mint(engine, "/vowel/api/generateToken",
                                      Map.of("Origin", "http://localhost:3000", "Authorization", "Bearer wrong"));
        assertThat(r.statusCode(), is(401));
        assertCors(r.headers(), "http://localhost:3000");
    }

    @Test
    void tokenRequestWithoutOriginIsNotABrowserAndPasses() throws Exception {
        HttpResponse<String> r = mint(engine, "/vowel/api/generateToken", Map.of());
        assertThat(r.statusCode(), is(200));
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin").isPresent(), is(false));
    }

    @Test
    void preflightFromAnAllowedOriginIs204WithoutAnyKey() throws Exception {
        for (String path : TOKEN_PATHS) {
            HttpResponse<String> r = preflight(engine, path, "https://app.example");
            assertThat(path, r.statusCode(), is(204));
            assertCors(r.headers(), "https://app.example");
            assertThat(r.headers().firstValue("Access-Control-Allow-Methods").orElse(""), containsString("POST"));
            String allowed = r.headers().firstValue("Access-Control-Allow-Headers").orElse("");
            for (String header : List.of("Authorization", "Content-Type", "X-API-Key")) {
                assertThat(allowed, containsString(header));
            }
            assertThat(r.headers().firstValue("Access-Control-Max-Age").orElse(""), is("600"));
        }
    }

    @Test
    void preflightFromAnotherOriginIs403() throws Exception {
        HttpResponse<String> r = preflight(engine, "/v1/realtime/client_secrets", "https://evil.example");
        assertThat(r.statusCode(), is(403));
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin").isPresent(), is(false));
    }

    @Test
    void upgradeFromAnotherOriginIsRefusedWith403() {
        String token = engine.token();
        for (String origin : List.of("https://evil.example", "null", "http://app.example")) {
            assertThat(origin, refusedUpgrade(engine, Map.of("Authorization", "Bearer " + token, "Origin", origin))
                    .statusCode(), is(403));
        }
    }

    @Test
    void upgradeFromAnAllowedOriginOrWithoutOriginOpensASession() throws Exception {
        for (Map<String, String> headers : List.of(Map.of("Origin", "https://app.example"), Map.<String, String>of())) {
            Map<String, String> all = new HashMap<>(headers);
            all.put("Authorization", "Bearer " + engine.token());
            try (WsTestClient c = WsTestClient.connect(engine.wsUri(), all, List.of())) {
                assertThat(c.next().path("type").asText(), is("session.created"));
            }
        }
    }

    @Test
    void withoutAllowedOriginsAnyOriginGetsItsOwnOriginBack() throws Exception {
        try (TestEngine open = TestEngine.start(Map.of())) {
            HttpResponse<String> r = mint(open, "/v1/realtime/client_secrets",
                                          Map.of("Origin", "https://anything.example"));
            assertThat(r.statusCode(), is(200));
            assertCors(r.headers(), "https://anything.example");
            assertThat(preflight(open, "/vowel/api/generateToken", "https://anything.example").statusCode(), is(204));
            try (WsTestClient c = WsTestClient.connect(open.wsUri(), Map.of("Authorization", "Bearer " + open.token(),
                                                                           "Origin", "https://anything.example"),
                                                       List.of())) {
                assertThat(c.next().path("type").asText(), is("session.created"));
            }
        }
    }
}

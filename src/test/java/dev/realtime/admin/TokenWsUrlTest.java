package dev.realtime.admin;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import dev.realtime.testing.TestEngine;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * {@code generateToken}'s {@code wsUrl} behind a proxy: from {@code Forwarded} or {@code X-Forwarded-*} with
 * {@code TRUST_PROXY_HEADERS=true} (port kept), from the request without it, {@code PUBLIC_WS_URL} above both.
 */
class TokenWsUrlTest {
    private static String wsUrl(TestEngine engine, Map<String, String> headers) throws Exception {
        Map<String, String> all = new HashMap<>(headers);
        all.put("X-API-Key", TestEngine.API_KEY);
        HttpResponse<String> r = AdminEndpointsTest.post(engine, "/vowel/api/generateToken", all, "{\"appId\":\"a\"}");
        assertThat(r.body(), r.statusCode(), is(200));
        return new ObjectMapper().readTree(r.body()).path("wsUrl").asText();
    }

    @Test
    void trustedProxyHeadersDescribeTheClientsView() throws Exception {
        try (TestEngine engine = TestEngine.start(Map.of("TRUST_PROXY_HEADERS", "true"))) {
            assertThat(wsUrl(engine, Map.of("Forwarded", "for=192.0.2.60;proto=https;host=\"voice.example:8443\"")),
                       is("wss://voice.example:8443/v1/realtime"));
            assertThat(wsUrl(engine, Map.of("X-Forwarded-Proto", "https", "X-Forwarded-Host", "voice.example",
                                            "X-Forwarded-Port", "9443")),
                       is("wss://voice.example:9443/v1/realtime"));
            assertThat(wsUrl(engine, Map.of("X-Forwarded-Proto", "https", "X-Forwarded-Host", "voice.example:443")),
                       is("wss://voice.example/v1/realtime"));
            assertThat("a direct request keeps its own view", wsUrl(engine, Map.of()),
                       is("ws://127.0.0.1:" + engine.port() + "/v1/realtime"));
        }
    }

    @Test
    void untrustedProxyHeadersAreIgnored() throws Exception {
        try (TestEngine engine = TestEngine.start(Map.of())) {
            assertThat(wsUrl(engine, Map.of("Forwarded", "proto=https;host=voice.example",
                                            "X-Forwarded-Proto", "https", "X-Forwarded-Host", "voice.example")),
                       is("ws://127.0.0.1:" + engine.port() + "/v1/realtime"));
        }
    }

    @Test
    void publicWsUrlWins() throws Exception {
        try (TestEngine engine = TestEngine.start(Map.of("TRUST_PROXY_HEADERS", "true",
                                                         "PUBLIC_WS_URL", "wss://public.example/v1/realtime"))) {
            assertThat(wsUrl(engine, Map.of("X-Forwarded-Proto", "https", "X-Forwarded-Host", "voice.example")),
                       is("wss://public.example/v1/realtime"));
        }
    }
}

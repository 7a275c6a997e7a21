package dev.realtime.session;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.realtime.testing.TestEngine;
import dev.realtime.testing.WsTestClient;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * {@code TOKEN_SINGLE_USE}: a token opens one session; a second upgrade with it is a 401 that says why. Off by
 * default, where a token opens sessions until it expires.
 */
class SingleUseTokenTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<?> refusedUpgrade(TestEngine engine, Map<String, String> headers) {
        return WsTestClient.refused(HTTP, engine.wsUri(), headers);
    }

    @Test
    void aSingleUseTokenOpensOneSessionAndIsThenRefused() throws Exception {
        try (TestEngine engine = TestEngine.start(Map.of("TOKEN_SINGLE_USE", "true"))) {
            String token = engine.mintedToken();
            try (WsTestClient first = WsTestClient.connect(engine.wsUri(), token)) {
                assertThat(first.next().path("type").asText(), is("session.created"));
                HttpResponse<?> again = refusedUpgrade(engine, Map.of("Authorization", "Bearer " + token));
                assertThat(again.statusCode(), is(401));
                assertThat(again.headers().firstValue("WWW-Authenticate").orElse(""),
                           containsString("token already used"));
            }
            assertThat("still refused once the first session has closed",
                       refusedUpgrade(engine, Map.of("Authorization", "Bearer " + token)).statusCode(), is(401));
            String other = engine.mintedToken();
            try (WsTestClient fresh = WsTestClient.connect(engine.wsUri(), Map.of(),
                                                           List.of("realtime", "openai-insecure-api-key." + other))) {
                assertThat("another token still opens its session",
                           fresh.next().path("type").asText(), is("session.created"));
            }
            for (int i = 0; i < 2; i++) {
                try (WsTestClient server = WsTestClient.connect(engine.wsUri(), TestEngine.API_KEY)) {
                    assertThat("the engine key is not a token", server.next().path("type").asText(),
                               is("session.created"));
                }
            }
        }
    }

    @Test
    void byDefaultATokenOpensSessionsUntilItExpires() throws Exception {
        try (TestEngine engine = TestEngine.start(Map.of())) {
            String token = engine.mintedToken();
            try (WsTestClient first = WsTestClient.connect(engine.wsUri(), token);
                 WsTestClient second = WsTestClient.connect(engine.wsUri(), token)) {
                assertThat(first.next().path("type").asText(), is("session.created"));
                assertThat(second.next().path("type").asText(), is("session.created"));
            }
        }
    }
}

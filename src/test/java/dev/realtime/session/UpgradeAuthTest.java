package dev.realtime.session;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.realtime.auth.TokenService;
import dev.realtime.testing.EngineExtension;
import dev.realtime.testing.TestEngine;
import dev.realtime.testing.WsTestClient;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The upgrade to {@code /v1/realtime} is refused with HTTP 401 for every bad credential, and accepted in every
 * place real clients put a good one.
 */
class UpgradeAuthTest {
    @RegisterExtension
    static final EngineExtension engine = EngineExtension.withEnv(
            Map.of("JWT_SECRET", "upgrade-auth-test-secret-0123456789abcdef"));

    private static int refusedStatus(Map<String, String> headers, List<String> subprotocols, String query) {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
        headers.forEach(builder::header);
        if (!subprotocols.isEmpty()) {
            builder.subprotocols(subprotocols.getFirst(), subprotocols.subList(1, subprotocols.size())
                    .toArray(String[]::new));
        }
        CompletionException e = assertThrows(CompletionException.class, () -> builder.buildAsync(
                URI.create(engine.wsUri() + query), new WebSocket.Listener() { }).join());
        assertThat(e.getCause(), instanceOf(WebSocketHandshakeException.class));
        return ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
    }

    private static String signed(String secret, Instant expires, String prefix) {
        return prefix + JWT.create().withIssuer(TokenService.ISSUER).withSubject("x").withExpiresAt(expires)
                .sign(Algorithm.HMAC256(secret));
    }

    @Test
    void missingTokenIsRefused() {
        assertThat(refusedStatus(Map.of(), List.of(), ""), is(401));
    }

    @Test
    void expiredTokenIsRefused() {
        TokenService past = TokenService.create("upgrade-auth-test-secret-0123456789abcdef", Duration.ofSeconds(5),
                                                Duration.ofSeconds(5),
                                                Clock.fixed(Instant.now().minusSeconds(60), ZoneOffset.UTC));
        String token = past.mint("x", Optional.empty(), Optional.empty()).value();
        assertThat(refusedStatus(Map.of("Authorization", "Bearer " + token), List.of(), ""), is(401));
    }

    @Test
    void badlySignedTokenIsRefused() {
        String token = signed("some-other-secret-some-other-secret-00", Instant.now().plusSeconds(60), "ek_");
        assertThat(refusedStatus(Map.of("Authorization", "Bearer " + token), List.of(), ""), is(401));
    }

    @Test
    void wronglyPrefixedTokenIsRefused() {
        String token = signed("upgrade-auth-test-secret-0123456789abcdef", Instant.now().plusSeconds(60), "sk_");
        assertThat(refusedStatus(Map.of("Authorization", "Bearer " + token), List.of(), ""), is(401));
    }

    @Test
    void algNoneTokenIsRefused() {
        String none = "ek_" + JWT.create().withIssuer(TokenService.ISSUER).withSubject("x")
                .withExpiresAt(Instant.now().plusSeconds(60)).sign(Algorithm.none());
        assertThat(refusedStatus(Map.of("Authorization", "Bearer " + none), List.of(), ""), is(401));
        assertThat(refusedStatus(Map.of(), List.of("realtime", "openai-insecure-api-key." + none), ""), is(401));
    }

    @Test
    void refusalIsAPlain401NeverAnUpgrade() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", engine.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /v1/realtime?model=x HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                    + Base64.getEncoder().encodeToString(new byte[16]) + "\r\nAuthorization: Bearer ek_nope\r\n\r\n")
                              .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String head = new String(in.readNBytes(200), StandardCharsets.US_ASCII);
            assertThat(head, startsWith("HTTP/1.1 401"));
            assertThat(head.toLowerCase(), containsString("www-authenticate: bearer"));
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no 401 answer", e);
        }
    }

    @Test
    void tokenAcceptedAsBearer() throws Exception {
        try (WsTestClient c = WsTestClient.connect(engine.wsUri(), engine.token())) {
            assertThat(c.next().path("type").asText(), is("session.created"));
            assertThat(c.subprotocol(), is(""));
        }
    }

    @Test
    void tokenAcceptedAsApiKeyHeader() throws Exception {
        try (WsTestClient c = WsTestClient.connect(engine.wsUri(), Map.of("api-key", engine.token()), List.of())) {
            assertThat(c.next().path("type").asText(), is("session.created"));
        }
    }

    @Test
    void tokenAcceptedAsSubprotocolAndRealtimeSelected() throws Exception {
        try (WsTestClient c = WsTestClient.connect(engine.wsUri(), Map.of(),
                                                   List.of("realtime", "openai-insecure-api-key." + engine.token()))) {
            assertThat(c.subprotocol(), is("realtime"));
            assertThat(c.next().path("type").asText(), is("session.created"));
        }
    }

    @Test
    void tokenAcceptedAsQueryParameter() throws Exception {
        try (WsTestClient c = WsTestClient.connect(
                URI.create(engine.wsUri() + "?model=m&token=" + engine.token()), Map.of(), List.of())) {
            assertThat(c.next().path("type").asText(), is("session.created"));
        }
    }

    @Test
    void engineApiKeyAcceptedAsBearer() throws Exception {
        try (WsTestClient c = WsTestClient.connect(engine.wsUri(), TestEngine.API_KEY)) {
            assertThat(c.next().path("type").asText(), is("session.created"));
        }
    }
}

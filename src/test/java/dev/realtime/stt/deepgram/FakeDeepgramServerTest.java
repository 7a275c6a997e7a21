package dev.realtime.stt.deepgram;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The fake refuses what Deepgram refuses, so adapter tests against it mean something. */
class FakeDeepgramServerTest {

    private final HttpClient client = HttpClient.newHttpClient();
    private FakeDeepgramServer fake;

    @BeforeEach
    void start() {
        fake = FakeDeepgramServer.start("k");
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void refusesEncodingWithoutSampleRateWithDgError() {
        WebSocketHandshakeException e = refused("/v1/listen?model=nova-3&encoding=linear16", "Token k");
        assertThat(e.getResponse().statusCode(), is(400));
        assertThat(e.getResponse().headers().firstValue("dg-error").orElse(""),
                   is("sample_rate is required with encoding."));
        assertThat(e.getResponse().headers().firstValue("dg-request-id").isPresent(), is(true));
    }

    @Test
    void refusesUnknownModelsAndOtherPaths() {
        assertThat(refused("/v1/listen?model=whisper-1", "Token k").getResponse().statusCode(), is(400));
        assertThat(refused("/v1/speak?model=nova-3", "Token k").getResponse().statusCode(), is(404));
        assertThat(fake.rejections(), is(List.of(400)));
    }

    @Test
    void acceptsTheKeyAsSubprotocols() {
        WebSocket ws = client.newWebSocketBuilder().subprotocols("token", "k")
                .buildAsync(URI.create(fake.baseUrl() + "/v1/listen?model=nova-3"), new WebSocket.Listener() { })
                .join();
        assertThat(ws.getSubprotocol(), is("token"));
        assertThat(fake.awaitConnection(0, Duration.ofSeconds(5)).query().get("model"), is("nova-3"));
        ws.abort();
    }

    private WebSocketHandshakeException refused(String pathAndQuery, String auth) {
        CompletionException e = assertThrows(CompletionException.class, () -> client.newWebSocketBuilder()
                .header("Authorization", auth)
                .buildAsync(URI.create(fake.baseUrl() + pathAndQuery), new WebSocket.Listener() { })
                .join());
        return (WebSocketHandshakeException) e.getCause();
    }
}

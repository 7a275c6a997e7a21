package dev.realtime.upstream;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

class UpstreamHttpTest {

    @Test
    void clientOffersHttp2ForTlsToNegotiate() {
        HttpClient client = UpstreamHttp.client("llm", Duration.ofSeconds(3));
        assertThat(client.version(), is(HttpClient.Version.HTTP_2));
        assertThat(client.connectTimeout(), is(Optional.of(Duration.ofSeconds(3))));
        assertThat(client.followRedirects(), is(HttpClient.Redirect.NEVER));
    }

    @Test
    void cleartextRequestsArePinnedToHttp11AndTlsLeavesTheVersionToAlpn() {
        assertThat(UpstreamHttp.request(URI.create("http://127.0.0.1:8090/v1/chat/completions")).build().version(),
                   is(Optional.of(HttpClient.Version.HTTP_1_1)));
        assertThat(UpstreamHttp.request(URI.create("HTTP://gateway.internal/v1")).build().version(),
                   is(Optional.of(HttpClient.Version.HTTP_1_1)));
        assertThat(UpstreamHttp.request(URI.create("https://api.groq.com/openai/v1/chat/completions")).build()
                           .version(), is(Optional.empty()));
    }

    @Test
    void endpointsJoinBaseAndPath() {
        assertThat(Endpoints.http(URI.create("https://api.groq.com/openai/v1"), "/chat/completions"),
                   is(URI.create("https://api.groq.com/openai/v1/chat/completions")));
        assertThat(Endpoints.http(URI.create("http://127.0.0.1:8000/v1//"), "/audio/speech"),
                   is(URI.create("http://127.0.0.1:8000/v1/audio/speech")));
        assertThat(Endpoints.http(URI.create("https://x.example/openai/v1?api-version=1#frag"), "/audio/speech"),
                   is(URI.create("https://x.example/openai/v1/audio/speech?api-version=1")));
        assertThat(Endpoints.webSocket(URI.create("http://127.0.0.1:8090/?x=1"), "/v1/listen?model=nova-3"),
                   is(URI.create("ws://127.0.0.1:8090/v1/listen?model=nova-3")));
        assertThat(Endpoints.webSocket(URI.create("https://api.deepgram.com"), "/v1/speak"),
                   is(URI.create("wss://api.deepgram.com/v1/speak")));
        assertThat(Endpoints.webSocket(URI.create("wss://api.deepgram.com/"), "/v1/speak"),
                   is(URI.create("wss://api.deepgram.com/v1/speak")));
    }
}

package dev.realtime.admin;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.net.ssl.SSLSocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.realtime.protocol.AudioFormat;
import dev.realtime.stt.openai.FakeTranscriptionServer;
import dev.realtime.testing.EngineExtension;
import dev.realtime.testing.Nginx;
import dev.realtime.testing.SpeechFixture;
import dev.realtime.testing.TestEngine;
import dev.realtime.testing.WsTestClient;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/**
 * The shipped {@code etc/nginx.conf} in front of the engine, with TLS: a voice turn over {@code wss://}, the
 * {@code wsUrl} that {@code generateToken} returns through it opening a session, origins and CORS passing the proxy,
 * and HTTP/1.0 clients answered by nginx (the engine itself refuses HTTP/1.0).
 */
class NginxTlsProxyTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String APP = "https://app.example";
    private static FakeTranscriptionServer stt;

    @RegisterExtension
    static final EngineExtension engine = EngineExtension.starting(fakes -> {
        stt = fakes.start(() -> FakeTranscriptionServer.start(Optional.of("stt-key")).script("what time is it"));
        return TestEngine.start(Map.of("STT_PROVIDER", "openai-compatible", "STT_BASE_URL", stt.baseUrl().toString(),
                                       "STT_API_KEY", "stt-key", "TRUST_PROXY_HEADERS", "true",
                                       "ALLOWED_ORIGINS", APP));
    });
    private static Nginx nginx;
    private static HttpClient https;

    @BeforeAll
    static void start() {
        nginx = Nginx.start(Path.of("etc/nginx.conf"), engine.port());
        https = HttpClient.newBuilder().sslContext(nginx.tls()).build();
    }

    @AfterAll
    static void stop() {
        if (nginx != null) {
            nginx.close();
        }
    }

    private static URI https(String path) {
        return URI.create("https://localhost:" + nginx.port() + path);
    }

    private static HttpResponse<String> generateToken(Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(https("/vowel/api/generateToken"))
                .header("X-API-Key", TestEngine.API_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"appId\":\"web\"}"));
        headers.forEach(b::header);
        return https.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void voiceTurnOverWss() throws Exception {
        URI wss = URI.create("wss://localhost:" + nginx.port() + "/v1/realtime");
        try (WsTestClient c = WsTestClient.connect(https, wss, Map.of("Authorization", "Bearer " + engine.token(),
                                                                      "Origin", APP), List.of())) {
            c.await("session.created");
            c.send("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"output_modalities\":[\"audio\"],"
                           + "\"audio\":{\"input\":{\"transcription\":{\"model\":\"whisper-1\"}}}}}");
            c.await("session.updated");
            for (String append : SpeechFixture.load("what-time.wav").appends(AudioFormat.PCM16, 500, 1000)) {
                c.send(append);
            }
            List<JsonNode> events = c.until("response.done");
            JsonNode transcript = events.stream().filter(e -> e.path("type").asText()
                    .equals("conversation.item.input_audio_transcription.completed")).findFirst().orElseThrow();
            assertThat(transcript.path("transcript").asText(), is("what time is it"));
            long audio = events.stream().filter(e -> e.path("type").asText().equals("response.output_audio.delta"))
                    .mapToLong(e -> Base64.getDecoder().decode(e.path("delta").asText()).length).sum();
            assertThat("the spoken answer came back through nginx", audio, greaterThan(24_000L));
            assertThat(events.getLast().path("response").path("status").asText(), is("completed"));
        }
    }

    @Test
    void generateTokenThroughNginxHandsOutTheWssUrlAndItOpensASession() throws Exception {
        // a Forwarded header from the client is dropped by nginx, so it cannot redirect the wsUrl
        HttpResponse<String> r = generateToken(Map.of("Origin", APP, "Forwarded", "proto=http;host=evil.example"));
        assertThat(r.body(), r.statusCode(), is(200));
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin").orElse(""), is(APP));
        JsonNode body = MAPPER.readTree(r.body());
        String wsUrl = body.path("wsUrl").asText();
        assertThat(wsUrl, is("wss://localhost:" + nginx.port() + "/v1/realtime"));
        try (WsTestClient c = WsTestClient.connect(https, URI.create(wsUrl),
                                                   Map.of("Authorization", "Bearer " + body.path("token").asText()),
                                                   List.of())) {
            assertThat(c.next().path("type").asText(), is("session.created"));
        }
    }

    @Test
    void originsAndCorsWorkThroughNginx() throws Exception {
        URI wss = URI.create("wss://localhost:" + nginx.port() + "/v1/realtime");
        HttpResponse<?> refused = WsTestClient.refused(https, wss, Map.of("Authorization", "Bearer " + engine.token(),
                                                                          "Origin", "https://evil.example"));
        assertThat(refused.statusCode(), is(403));
        assertThat(generateToken(Map.of("Origin", "https://evil.example")).statusCode(), is(403));
        HttpResponse<String> preflight = https.send(
                HttpRequest.newBuilder(https("/v1/realtime/client_secrets"))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Origin", APP).header("Access-Control-Request-Method", "POST").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode(), is(204));
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(""), is(APP));
    }

    @Test
    void plainHttpIsRedirectedToTls() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + nginx.httpPort() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode(), is(301));
        assertThat(r.headers().firstValue("Location").orElse(""), is("https://localhost/health"));
    }

    @Test
    void http10ClientsAreAnsweredByNginx() throws Exception {
        try (SSLSocket socket = (SSLSocket) nginx.tls().getSocketFactory().createSocket("localhost", nginx.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /health HTTP/1.0\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(nginx.log(), answer, startsWith("HTTP/1.1 200"));
            assertThat(answer, containsString("\"status\":\"ok\""));
        }
    }
}

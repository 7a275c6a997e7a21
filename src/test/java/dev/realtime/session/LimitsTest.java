package dev.realtime.session;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.realtime.protocol.AudioFormat;
import dev.realtime.stt.deepgram.FakeDeepgramConnection;
import dev.realtime.stt.deepgram.FakeDeepgramServer;
import dev.realtime.testing.Events;
import dev.realtime.testing.SpeechFixture;
import dev.realtime.testing.TestEngine;
import dev.realtime.testing.WsTestClient;
import dev.realtime.tts.deepgram.FakeDeepgramSpeakServer;
import dev.realtime.tts.deepgram.FakeSpeakConnection;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/** Session limits and lifecycle: call duration, idle time, MAX_SESSIONS, and the drain on shutdown. */
class LimitsTest {
    private static int upgradeStatus(TestEngine engine) {
        CompletableFuture<WebSocket> ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", "Bearer " + engine.token())
                .buildAsync(URI.create(engine.wsUri().toString()), new WebSocket.Listener() { });
        try {
            ws.join().abort();
            return 101;
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                return h.getResponse().statusCode();
            }
            throw e;
        }
    }

    @Test
    void maxCallDurationEndsTheSessionWithAnErrorFirst() throws Exception {
        try (TestEngine engine = TestEngine.start(Map.of("MAX_CALL_DURATION_MS", "1500"));
             WsTestClient c = WsTestClient.connect(engine.wsUri(), engine.token())) {
            c.await("session.created");
            // keep talking so that only the duration limit can apply
            for (int i = 0; i < 3; i++) {
                c.send(Events.clear());
                c.await("input_audio_buffer.cleared");
            }
            JsonNode error = c.await("error").path("error");
            assertThat(error.path("code").asText(), is("session_expired"));
            assertThat(error.path("message").asText(), containsString("1500 ms"));
            assertThat(c.awaitClose(), is(1000));
        }
    }

    @Test
    void idleSessionIsClosedWithAnErrorFirst() throws Exception {
        try (TestEngine engine = TestEngine.start(Map.of("MAX_IDLE_DURATION_MS", "800"));
             WsTestClient c = WsTestClient.connect(engine.wsUri(), engine.token())) {
            c.await("session.created");
            JsonNode error = c.await("error").path("error");
            assertThat(error.path("code").asText(), is("session_idle_timeout"));
            assertThat(c.awaitClose(), is(1000));
        }
    }

    @Test
    void maxSessionsRefusesFurtherUpgradesWith503() throws Exception {
        try (TestEngine engine = TestEngine.start(Map.of("MAX_SESSIONS", "2"));
             WsTestClient a = WsTestClient.connect(engine.wsUri(), engine.token());
             WsTestClient b = WsTestClient.connect(engine.wsUri(), engine.token())) {
            a.await("session.created");
            b.await("session.created");
            assertThat(upgradeStatus(engine), is(503));
            b.close();
            // the place is given back once the server has seen the close
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (engine.engine().sessions().openSessions() > 1 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(5_000_000);
            }
            try (WsTestClient again = WsTestClient.connect(engine.wsUri(), engine.token())) {
                assertThat(again.await("session.created").path("type").asText(), is("session.created"));
            }
        }
    }

    @Test
    void drainRefusesNewSessionsAndClosesTheRestWithGoingAway() throws Exception {
        try (TestEngine engine = TestEngine.start(Map.of());
             WsTestClient c = WsTestClient.connect(engine.wsUri(), engine.token())) {
            c.await("session.created");
            CompletableFuture<Integer> drained = new CompletableFuture<>();
            // its own thread: on 2 cores the common pool has one worker, which the client's futures need
            Thread.ofVirtual().start(() -> {
                try {
                    drained.complete(engine.engine().sessions().drain(Duration.ofMillis(1500)));
                } catch (InterruptedException e) {
                    drained.completeExceptionally(e);
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            int status = 101;
            while (status == 101 && System.nanoTime() < deadline) {
                status = upgradeStatus(engine);
            }
            assertThat("no new session while draining", status, is(503));
            c.send(Events.clear());
            c.await("input_audio_buffer.cleared");
            assertThat("open sessions go on within the window", c.open(), is(true));
            assertThat(c.awaitClose(), is(1001));
            assertThat(drained.get(10, TimeUnit.SECONDS), is(1));
        }
    }

    @Test
    void sessionEndedByALimitClosesItsUpstreamSockets() throws Exception {
        try (FakeDeepgramServer listen = FakeDeepgramServer.start("dg").script("What time is it?");
             FakeDeepgramSpeakServer speak = FakeDeepgramSpeakServer.start("dg");
             TestEngine engine = TestEngine.start(Map.of(
                     "DEEPGRAM_API_KEY", "dg", "DEEPGRAM_BASE_URL", listen.baseUrl().toString(),
                     "DEEPGRAM_TTS_BASE_URL", speak.baseUrl().toString(), "MAX_IDLE_DURATION_MS", "1500"));
             WsTestClient c = WsTestClient.connect(engine.wsUri(), engine.token())) {
            c.await("session.created");
            for (String append : SpeechFixture.load("what-time.wav").appends(AudioFormat.PCM16, 300, 1000)) {
                c.send(append);
            }
            c.await("response.done");
            assertThat(c.await("error").path("error").path("code").asText(), is("session_idle_timeout"));
            assertThat(c.awaitClose(), is(1000));
            listen.awaitTrue("listen socket closed", Duration.ofSeconds(10),
                             () -> listen.connections().stream().allMatch(FakeDeepgramConnection::closed));
            speak.awaitTrue("speak socket closed", Duration.ofSeconds(10),
                            () -> speak.connections().stream().allMatch(FakeSpeakConnection::closed));
            assertThat(listen.connections().isEmpty() || speak.connections().isEmpty(), is(false));
        }
    }
}

package dev.realtime.session;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.realtime.protocol.AudioFormat;
import dev.realtime.stt.SttEvent;
import dev.realtime.stt.SttException;
import dev.realtime.testing.Events;
import dev.realtime.testing.LogCapture;
import dev.realtime.testing.SpeechFixture;
import dev.realtime.testing.TestEngine;
import dev.realtime.testing.WsTestClient;
import dev.realtime.upstream.FailureKind;
import dev.realtime.upstream.Fault;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * A transcription that fails reaches the session: a dead stream fails the turn it owed (an automatic response is
 * created and failed at once) and the next turn opens a new stream and is answered; a failed turn that no response
 * waited for gets one {@code error}; a turn the engine has no transcriber for fails its response the same way. Each
 * upstream failure is logged once with the session id.
 */
class SttFailureTest {
    private static final String TEXT_ONLY = Events.textOnly().toString();
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String PROVIDER = "openai-compatible";

    private static ScriptedSttEngine stt;
    private static SessionServer server;
    private static LogCapture log;

    @BeforeAll
    static void start() {
        stt = new ScriptedSttEngine();
        // the scripted engine stands in for the provider; the URL only names a self-hosted one, which needs no key
        server = SessionServer.start(Map.of("STT_PROVIDER", PROVIDER, "STT_BASE_URL", "http://127.0.0.1:9/v1"), stt);
        log = LogCapture.install();
    }

    @AfterAll
    static void stop() {
        log.close();
        server.close();
    }

    @Test
    void aDeadStreamFailsItsTurnAndTheNextTurnWorksOnANewStream() throws Exception {
        try (WsTestClient c = WsTestClient.connect(server.wsUri(), SessionServer.API_KEY)) {
            String sessionId = c.await("session.created").path("session").path("id").asText();
            c.send(TEXT_ONLY);
            c.await("session.updated");
            speak(c);
            ScriptedSttStream first = stt.awaitOpened(WAIT);
            first.awaitCommit(WAIT).orElseThrow();
            first.die(new SttException(Fault.of(FailureKind.STREAM_BROKEN, "the worker crashed"), null));

            List<JsonNode> failed = c.until("response.done");
            List<String> types = types(failed);
            int created = types.indexOf("response.created");
            assertThat(types.toString(), created >= 0 && types.get(created + 1).equals("error"), is(true));
            JsonNode error = failed.get(created + 1).path("error");
            assertThat(error.path("code").asText(), is("upstream_stream_broken"));
            assertThat(error.path("message").asText(), is(PROVIDER + " transcribe failed: the worker crashed"));
            assertThat(failed.getLast().path("response").path("status").asText(), is("failed"));
            assertThat(first.closed(), is(true));
            assertThat(log.warnings(sessionId, "provider=" + PROVIDER, "operation=transcribe", "kind=stream_broken",
                                    "cause=the worker crashed").size(), is(1));

            speak(c);
            ScriptedSttStream second = stt.awaitOpened(WAIT);
            String item = second.awaitCommit(WAIT).orElseThrow();
            second.emit(new SttEvent.Completed(item, "What time is it?"));
            List<JsonNode> answered = c.until("response.done");
            assertThat(answered.getLast().path("response").path("status").asText(), is("completed"));
            assertThat(stt.unclaimed(), is(0));
        }
    }

    @Test
    void aFailedTurnThatNoResponseAwaitedGetsOneError() throws Exception {
        try (WsTestClient c = WsTestClient.connect(server.wsUri(), SessionServer.API_KEY)) {
            String sessionId = c.await("session.created").path("session").path("id").asText();
            c.send(Events.sessionUpdate().with("session.audio.input.turn_detection", null)
                           .with("session.audio.input.transcription.model", "whisper-1"));
            c.await("session.updated");
            for (String append : SpeechFixture.load("weather.wav").appends(AudioFormat.PCM16, 200, 300)) {
                c.send(append);
            }
            c.send(Events.commit());
            ScriptedSttStream stream = stt.awaitOpened(WAIT);
            String item = stream.awaitCommit(WAIT).orElseThrow();
            stream.emit(SttEvent.Failed.upstream(item, Fault.status(429, "slow down")));

            JsonNode failed = c.await("conversation.item.input_audio_transcription.failed");
            assertThat(failed.path("item_id").asText(), is(item));
            JsonNode error = c.await("error").path("error");
            assertThat(error.path("code").asText(), is("upstream_rate_limited"));
            assertThat(error.path("message").asText(), is(PROVIDER + " transcribe failed: HTTP 429: slow down"));
            assertThat(c.types(), not(hasItem("response.created")));
            assertThat(log.warnings(sessionId, "operation=transcribe", "kind=rate_limited", "status=429").size(),
                       is(1));
        }
    }

    @Test
    void aTurnWithoutATranscriberFailsItsResponseAudibly() throws Exception {
        // the engine can detect turns but has nothing to transcribe them with: the caller must hear of it
        try (TestEngine engine = TestEngine.start(Map.of("STT_PROVIDER", "none"));
             WsTestClient c = WsTestClient.connect(engine.wsUri(), engine.token())) {
            c.await("session.created");
            c.send(TEXT_ONLY);
            c.await("session.updated");
            speak(c);
            c.await("input_audio_buffer.committed");
            List<JsonNode> turn = c.until("response.done");
            List<String> types = types(turn);
            int created = types.indexOf("response.created");
            assertThat(types.toString(), created >= 0 && types.get(created + 1).equals("error"), is(true));
            JsonNode error = turn.get(created + 1).path("error");
            assertThat(error.path("code").asText(), is("transcription_unavailable"));
            assertThat(error.path("message").asText(), containsString("STT_PROVIDER"));
            assertThat(turn.getLast().path("response").path("status").asText(), is("failed"));
        }
    }

    private static void speak(WsTestClient c) throws Exception {
        for (String append : SpeechFixture.load("what-time.wav").appends(AudioFormat.PCM16, 200, 1000)) {
            c.send(append);
        }
    }

    private static List<String> types(List<JsonNode> events) {
        return events.stream().map(e -> e.path("type").asText()).toList();
    }
}

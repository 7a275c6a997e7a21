package dev.realtime.session;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.realtime.llm.FakeChatScript;
import dev.realtime.protocol.AudioFormat;
import dev.realtime.stt.local.PocketSphinx;
import dev.realtime.testing.EngineExtension;
import dev.realtime.testing.Events;
import dev.realtime.testing.SpeechFixture;
import dev.realtime.testing.WsTestClient;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Turn-detection options at work: manual turns, speech interrupting a response, and the idle timeout.
 */
class VoiceBehaviourTest {
    @RegisterExtension
    static final EngineExtension engine = EngineExtension.withLlm(Map.of())
            .assuming(() -> PocketSphinx.load().isPresent(), () -> PocketSphinx.probe().detail());

    private static String silence(int ms) {
        return "{\"type\":\"input_audio_buffer.append\",\"audio\":\""
                + Base64.getEncoder().encodeToString(new byte[48 * ms]) + "\"}";
    }

    @Test
    void manualTurnsCommitOnRequestAndTranscribe() throws Exception {
        try (WsTestClient c = WsTestClient.connect(engine.wsUri(), engine.token())) {
            c.await("session.created");
            c.send(Events.sessionUpdate().with("session.audio.input.turn_detection", null)
                           .with("session.audio.input.transcription.model", "x"));
            c.await("session.updated");
            for (String append : SpeechFixture.load("weather.wav").appends(AudioFormat.PCM16, 200, 300)) {
                c.send(append);
            }
            c.send(Events.commit());
            String itemId = c.await("input_audio_buffer.committed").path("item_id").asText();
            JsonNode completed = c.await("conversation.item.input_audio_transcription.completed");
            assertThat(completed.path("item_id").asText(), is(itemId));
            assertThat(completed.path("transcript").asText(), is("the weather is nice today"));
            assertThat(c.types().contains("input_audio_buffer.speech_started"), is(false));
            assertThat(c.types().contains("response.created"), is(false));
        }
    }

    @Test
    void speechCancelsTheActiveResponse() throws Exception {
        engine.llm().enqueue(FakeChatScript.text(Duration.ofMillis(400), "A ", "very ", "long ", "answer ", "indeed."));
        try (WsTestClient c = WsTestClient.connect(engine.wsUri(), engine.token())) {
            c.await("session.created");
            c.send(Events.userText("Talk."));
            c.send(Events.responseCreate());
            String responseId = c.await("response.created").path("response").path("id").asText();
            for (String append : SpeechFixture.load("what-time.wav").appends(AudioFormat.PCM16, 100, 0)) {
                c.send(append);
            }
            c.await("input_audio_buffer.speech_started");
            JsonNode done = c.await("response.done").path("response");
            assertThat(done.path("id").asText(), is(responseId));
            assertThat(done.path("status").asText(), is("cancelled"));
            assertThat(done.path("status_details").path("reason").asText(), is("turn_detected"));
        }
    }

    @Test
    void idleTimeoutTriggersOnce() throws Exception {
        engine.llm().enqueue(FakeChatScript.text("Are you still there?"));
        try (WsTestClient c = WsTestClient.connect(engine.wsUri(), engine.token())) {
            c.await("session.created");
            c.send(Events.sessionUpdate().with("session.audio.input.turn_detection.idle_timeout_ms", 1000));
            c.await("session.updated");
            for (int i = 0; i < 80; i++) {
                c.send(silence(20));
            }
            JsonNode timeout = c.await("input_audio_buffer.timeout_triggered");
            assertThat(timeout.path("audio_end_ms").asLong() - timeout.path("audio_start_ms").asLong() >= 1000,
                       is(true));
            assertThat(c.await("input_audio_buffer.committed").path("item_id").asText(),
                       is(timeout.path("item_id").asText()));
            c.await("response.done");
            List<String> types = c.types();
            assertThat(types.stream().filter("input_audio_buffer.timeout_triggered"::equals).count(), is(1L));
        }
    }
}

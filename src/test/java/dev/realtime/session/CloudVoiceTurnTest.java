package dev.realtime.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.realtime.protocol.AudioFormat;
import dev.realtime.stt.deepgram.FakeDeepgramServer;
import dev.realtime.stt.openai.FakeTranscriptionServer;
import dev.realtime.testing.SpeechFixture;
import dev.realtime.testing.TestEngine;
import dev.realtime.testing.WsTestClient;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/**
 * Full voice-in turns through the cloud adapters, each against a fake that speaks the provider's real wire
 * protocol: Deepgram's streaming WebSocket and an OpenAI-compatible transcription endpoint.
 */
class CloudVoiceTurnTest {
    private static final String TRANSCRIBE = "{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\","
            + "\"output_modalities\":[\"text\"],\"audio\":{\"input\":{\"transcription\":{\"model\":"
            + "\"gpt-4o-mini-transcribe\",\"language\":\"en\"}}}}}";

    private static List<JsonNode> speak(TestEngine engine) throws Exception {
        try (WsTestClient c = WsTestClient.connect(engine.wsUri(), engine.token())) {
            c.await("session.created");
            c.send(TRANSCRIBE);
            c.await("session.updated");
            for (String append : SpeechFixture.load("what-time.wav").appends(AudioFormat.PCM16, 500, 1000)) {
                c.send(append);
            }
            List<JsonNode> events = new ArrayList<>(c.until("response.done"));
            return events;
        }
    }

    private static String deltas(List<JsonNode> events) {
        return events.stream().filter(e -> e.path("type").asText()
                        .equals("conversation.item.input_audio_transcription.delta"))
                .map(e -> e.path("delta").asText()).reduce("", String::concat);
    }

    private static JsonNode first(List<JsonNode> events, String type) {
        return events.stream().filter(e -> e.path("type").asText().equals(type)).findFirst().orElseThrow(
                () -> new AssertionError("no " + type));
    }

    @Test
    void deepgramStreamsTheTurnAndItsTranscriptDrivesTheResponse() throws Exception {
        try (FakeDeepgramServer deepgram = FakeDeepgramServer.start("dg-key").script("What time is it?");
             TestEngine engine = TestEngine.start(Map.of("STT_PROVIDER", "deepgram", "DEEPGRAM_API_KEY", "dg-key",
                                                         "DEEPGRAM_BASE_URL", deepgram.baseUrl().toString()))) {
            List<JsonNode> events = speak(engine);
            String itemId = first(events, "input_audio_buffer.committed").path("item_id").asText();
            JsonNode completed = first(events, "conversation.item.input_audio_transcription.completed");
            assertThat(completed.path("item_id").asText(), is(itemId));
            assertThat(completed.path("transcript").asText(), is("What time is it?"));
            assertThat("What time is it?", startsWith(deltas(events)));
            JsonNode answer = events.getLast().path("response").path("output").get(0).path("content").get(0);
            assertThat(answer.path("text").asText(), containsString("It is"));
            var connection = deepgram.awaitConnection(0, Duration.ofSeconds(5));
            assertThat(connection.query().get("sample_rate"), is("16000"));
            assertThat(connection.query().get("encoding"), is("linear16"));
            assertThat(connection.header("authorization").orElse(""), is("Token dg-key"));
            assertThat(connection.finalizes() >= 1, is(true));
        }
    }

    @Test
    void openAiCompatibleUploadsTheCommittedSegment() throws Exception {
        try (FakeTranscriptionServer whisper = FakeTranscriptionServer.start(Optional.of("stt-key"))
                .script("what time is it");
             TestEngine engine = TestEngine.start(Map.of("STT_PROVIDER", "openai-compatible",
                                                         "STT_BASE_URL", whisper.baseUrl().toString(),
                                                         "STT_API_KEY", "stt-key",
                                                         "STT_MODEL", "whisper-large-v3-turbo"))) {
            List<JsonNode> events = speak(engine);
            JsonNode completed = first(events, "conversation.item.input_audio_transcription.completed");
            assertThat(completed.path("transcript").asText(), is("what time is it"));
            var request = whisper.awaitRequests(1, Duration.ofSeconds(5)).getFirst();
            assertThat(request.fields().get("model"), is("whisper-large-v3-turbo"));
            assertThat(request.fields().get("language"), is("en"));
            JsonNode started = first(events, "input_audio_buffer.speech_started");
            JsonNode stopped = first(events, "input_audio_buffer.speech_stopped");
            double spoken = (stopped.path("audio_end_ms").asLong() - started.path("audio_start_ms").asLong())
                    / 1000.0;
            assertThat(request.wav().seconds() >= spoken, is(true));
        }
    }
}

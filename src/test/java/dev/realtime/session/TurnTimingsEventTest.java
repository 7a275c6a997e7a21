package dev.realtime.session;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.realtime.protocol.AudioFormat;
import dev.realtime.stt.deepgram.FakeDeepgramServer;
import dev.realtime.testing.EngineExtension;
import dev.realtime.testing.LogCapture;
import dev.realtime.testing.Events;
import dev.realtime.testing.SpeechFixture;
import dev.realtime.testing.TestEngine;
import dev.realtime.testing.WsTestClient;
import dev.realtime.tts.openai.FakeSpeechServer;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/**
 * The engine's opt-in stage-time event ({@code x_engine.response.timings}) through whole voice turns: speech in,
 * Deepgram's streaming protocol (a fake), the offline responder, OpenAI-compatible speech (a fake), audio out.
 */
class TurnTimingsEventTest {
    private static final String TYPE = "x_engine.response.timings";
    private static final List<String> STAGES = List.of("stt_final", "llm_first_token", "first_speakable_piece",
                                                       "tts_first_byte", "first_audio_out");

    @RegisterExtension
    static final EngineExtension engine = EngineExtension.starting(fakes -> {
        FakeDeepgramServer deepgram = fakes.start(() -> FakeDeepgramServer.start("dg-key")
                .script("What time is it?", "What time is it?", "What time is it?", "What time is it?"));
        FakeSpeechServer speech = fakes.start(FakeSpeechServer::start);
        return TestEngine.start(Map.of("STT_PROVIDER", "deepgram", "DEEPGRAM_API_KEY", "dg-key",
                                       "DEEPGRAM_BASE_URL", deepgram.baseUrl().toString(),
                                       "TTS_PROVIDER", "openai-compatible",
                                       "TTS_BASE_URL", speech.baseUrl().toString(),
                                       "TTS_MODEL", "gpt-4o-mini-tts"));
    });

    /** Speaks one question and returns the events through the answer's {@code response.done}. */
    private static List<JsonNode> speak(WsTestClient c) throws Exception {
        c.await("session.created");
        for (String append : SpeechFixture.load("what-time.wav").appends(AudioFormat.PCM16, 500, 1000)) {
            c.send(append);
        }
        return new ArrayList<>(c.until("response.done"));
    }

    private static List<String> types(List<JsonNode> events) {
        return events.stream().map(e -> e.path("type").asText()).toList();
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void aConnectionThatDoesNotAskNeverSeesTheEvent() throws Exception {
        try (WsTestClient c = WsTestClient.connect(engine.wsUri(), engine.token())) {
            List<JsonNode> events = speak(c);
            assertThat(types(events), hasItem("response.output_audio.delta"));
            String itemId = events.stream().filter(e -> e.path("type").asText().equals("input_audio_buffer.committed"))
                    .findFirst().orElseThrow().path("item_id").asText();
            // the event would follow response.done at once; the answer to a later request comes after it
            c.send(Events.retrieve(itemId));
            events.addAll(c.until("conversation.item.retrieved"));
            assertThat(types(events).stream().filter(t -> t.startsWith("x_")).toList(), is(empty()));
        }
    }

    @Test
    void aConnectionThatAsksGetsEveryStageInOrderAfterTheFirstAudio() throws Exception {
        try (WsTestClient c = WsTestClient.connect(URI.create(engine.wsUri() + "?timings=true"), engine.token())) {
            List<JsonNode> events = speak(c);
            String responseId = events.getLast().path("response").path("id").asText();
            String itemId = events.stream().filter(e -> e.path("type").asText().equals("input_audio_buffer.committed"))
                    .findFirst().orElseThrow().path("item_id").asText();
            JsonNode timings = c.await(TYPE);
            assertThat(types(events), hasItem("response.output_audio.delta"));
            assertThat(timings.path("response_id").asText(), is(responseId));
            assertThat(timings.path("item_id").asText(), is(itemId));
            JsonNode fromSpeech = timings.path("from_speech_stopped_ms");
            JsonNode fromResponse = timings.path("from_response_start_ms");
            assertThat(names(fromSpeech), contains(STAGES.toArray()));
            assertThat(names(fromResponse), contains(STAGES.subList(1, STAGES.size()).toArray()));
            long previous = 0;
            for (String stage : STAGES) {
                long ms = fromSpeech.path(stage).asLong(-1);
                assertThat(stage, ms, greaterThanOrEqualTo(previous));
                previous = ms;
            }
            // the response starts after the final transcript: each stage is nearer its start than the speech's end
            previous = 0;
            for (String stage : STAGES.subList(1, STAGES.size())) {
                long ms = fromResponse.path(stage).asLong(-1);
                assertThat(stage, ms, greaterThanOrEqualTo(previous));
                assertThat(stage, ms, lessThanOrEqualTo(fromSpeech.path(stage).asLong()));
                previous = ms;
            }
            assertThat(fromSpeech.path("first_audio_out").asLong(), greaterThan(0L));
        }
    }

    @Test
    void theEventCarriesTheNumbersOfTheTurnLogLine() throws Exception {
        try (LogCapture logged = LogCapture.install();
             WsTestClient c = WsTestClient.connect(URI.create(engine.wsUri() + "?timings=true"), engine.token())) {
            speak(c);
            JsonNode timings = c.await(TYPE);
            String responseId = timings.path("response_id").asText();
            // the line is logged just before the event is sent, on the same thread
            List<String> lines = logged.lines().stream()
                    .filter(l -> l.level() == Level.INFO && l.logger().equals(TurnTiming.class.getName()))
                    .map(LogCapture.Line::message).filter(m -> m.contains(responseId)).toList();
            assertThat(lines, hasSize(1));
            String line = lines.getFirst();
            assertThat(line, containsString("turn " + timings.path("item_id").asText() + " → " + responseId));
            String fromSpeech = line.substring(line.indexOf("from end of speech"), line.indexOf("; from response"));
            String fromResponse = line.substring(line.indexOf("from response start"), line.indexOf("; answer"));
            for (String stage : STAGES) {
                assertThat(fromSpeech, containsString(
                        stage + " " + timings.path("from_speech_stopped_ms").path(stage).asLong(-1) + " ms"));
            }
            for (String stage : STAGES.subList(1, STAGES.size())) {
                assertThat(fromResponse, containsString(
                        stage + " " + timings.path("from_response_start_ms").path(stage).asLong(-1) + " ms"));
            }
        }
    }
}

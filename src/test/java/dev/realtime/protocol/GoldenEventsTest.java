package dev.realtime.protocol;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Server events against golden JSON files of both dialects. Run with {@code -Dgolden.update=true} to rewrite the
 * files after a deliberate change, then review the diff.
 */
class GoldenEventsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    static SessionConfig session() {
        var params = JsonNodeFactory.instance.objectNode().put("type", "object");
        params.putObject("properties").putObject("city").put("type", "string");
        return new SessionConfig("sess_test", "realtime", "gpt-realtime", "Be brief.", List.of("audio"),
                                 AudioFormat.PCM16, AudioFormat.PCMU, "marin", 1.0,
                                 Optional.of(new Transcription("gpt-4o-mini-transcribe", Optional.of("en"),
                                                               Optional.empty())),
                                 Optional.empty(), Optional.of(TurnDetection.serverVad()),
                                 List.of(new FunctionTool("get_weather", "Current weather", params)),
                                 ToolChoice.AUTO, TokenLimit.INF, OptionalDouble.empty(), NullNode.getInstance(),
                                 List.of(), 1_756_324_625L);
    }

    static SessionConfig transcriptionSession() {
        SessionConfig s = session();
        return new SessionConfig("sess_tx", SessionConfig.TRANSCRIPTION, s.model(), s.instructions(),
                                 s.outputModalities(), s.inputFormat(), s.outputFormat(), s.voice(), s.speed(),
                                 s.transcription(), Optional.of("near_field"), s.turnDetection(), List.of(),
                                 s.toolChoice(), s.maxOutputTokens(), s.temperature(), s.tracing(), s.include(),
                                 s.expiresAt());
    }

    static Map<String, ServerEvent> events() {
        Item.Message user = new Item.Message("item_user", Item.Role.USER, Item.Status.COMPLETED,
                                             List.of(new Content.InputText("hi")));
        Item.Message assistant = new Item.Message("item_asst", Item.Role.ASSISTANT, Item.Status.COMPLETED,
                                                  List.of(new Content.OutputText("Hello.")));
        Item.Message spoken = new Item.Message("item_spoken", Item.Role.ASSISTANT, Item.Status.INCOMPLETE,
                                               List.of(new Content.OutputAudio("Hel")));
        Item.FunctionCall call = new Item.FunctionCall("item_call", "call_1", "get_weather", "{\"city\":\"Paris\"}",
                                                       Item.Status.COMPLETED);
        ResponseInfo created = new ResponseInfo("resp_test", ResponseInfo.Status.IN_PROGRESS, Optional.empty(),
                                                List.of(), Optional.of("conv_test"), List.of("text"),
                                                TokenLimit.of(512), "marin", AudioFormat.PCM16,
                                                OptionalDouble.empty(), Optional.empty(),
                                                Optional.of(Map.of("topic", "demo")));
        ResponseInfo done = created.finish(ResponseInfo.Status.COMPLETED, Optional.empty(), List.of(assistant, call),
                                           new ResponseInfo.Usage(31, 9));
        ResponseInfo failed = created.finish(ResponseInfo.Status.FAILED, Optional.of(new ResponseInfo.StatusDetails(
                "failed", Optional.empty(), Optional.of(ErrorInfo.server("upstream_rate_limited", "groq: 429")))),
                                             List.of(), new ResponseInfo.Usage(0, 0));
        ServerEvent.Ref ref = new ServerEvent.Ref("resp_test", "item_asst", 0, 0);
        Map<String, ServerEvent> events = new LinkedHashMap<>();
        events.put("error", new ServerEvent.Error(ErrorInfo.invalidRequest(
                "invalid_event", "The 'type' field is missing.", Optional.of("type"))
                                                          .withEventId(Optional.of("client_1"))));
        events.put("session_created", new ServerEvent.SessionCreated(session()));
        events.put("transcription_session_updated", new ServerEvent.SessionUpdated(
                transcriptionSession()));
        events.put("item_added", new ServerEvent.ItemAdded(Optional.empty(), user));
        events.put("item_done", new ServerEvent.ItemDone(Optional.of("item_prev"), assistant));
        events.put("item_retrieved", new ServerEvent.ItemRetrieved(spoken));
        events.put("item_deleted", new ServerEvent.ItemDeleted("item_user"));
        events.put("item_truncated", new ServerEvent.ItemTruncated("item_spoken", 0, 1500));
        events.put("audio_committed", new ServerEvent.AudioCommitted(Optional.of("item_prev"), "item_user"));
        events.put("audio_cleared", new ServerEvent.AudioCleared());
        events.put("speech_started", new ServerEvent.SpeechStarted(1200, "item_user"));
        events.put("speech_stopped", new ServerEvent.SpeechStopped(2850, "item_user"));
        events.put("timeout_triggered", new ServerEvent.TimeoutTriggered(3000, 9000, "item_idle"));
        events.put("transcription_delta", new ServerEvent.TranscriptionDelta("item_user", 0, "what "));
        events.put("transcription_completed", new ServerEvent.TranscriptionCompleted("item_user", 0,
                                                                                     "what time is it", 1.65));
        events.put("transcription_failed", new ServerEvent.TranscriptionFailed("item_user", 0, new ErrorInfo(
                "transcription_error", Optional.of("audio_unintelligible"), "The audio could not be transcribed.",
                Optional.empty(), Optional.empty())));
        events.put("response_created", new ServerEvent.ResponseCreated(created));
        events.put("response_done", new ServerEvent.ResponseDone(done));
        events.put("response_failed", new ServerEvent.ResponseDone(failed));
        events.put("output_item_added", new ServerEvent.OutputItemAdded("resp_test", 0, new Item.Message(
                "item_asst", Item.Role.ASSISTANT, Item.Status.IN_PROGRESS, List.of())));
        events.put("content_part_added_text", new ServerEvent.ContentPartAdded(ref, new ServerEvent.Part(false,
                                                                                                            "")));
        events.put("content_part_done_audio", new ServerEvent.ContentPartDone(ref, new ServerEvent.Part(true,
                                                                                                           "Hi")));
        events.put("text_delta", new ServerEvent.TextDelta(ref, "Hel"));
        events.put("text_done", new ServerEvent.TextDone(ref, "Hello."));
        events.put("transcript_delta", new ServerEvent.TranscriptDelta(ref, "Hel"));
        events.put("transcript_done", new ServerEvent.TranscriptDone(ref, "Hello."));
        events.put("audio_delta", new ServerEvent.AudioDelta(ref, new byte[3]));
        events.put("audio_done", new ServerEvent.AudioDone(ref));
        events.put("arguments_delta", new ServerEvent.ArgumentsDelta("resp_test", "item_call", 1, "call_1",
                                                                     "{\"city\":"));
        events.put("arguments_done", new ServerEvent.ArgumentsDone("resp_test", "item_call", 1, "call_1",
                                                                   "get_weather", "{\"city\":\"Paris\"}"));
        return events;
    }

    @Test
    void gaEventsMatchGoldenFiles() throws IOException {
        check(Dialect.GA, "ga");
    }

    @Test
    void betaEventsMatchGoldenFiles() throws IOException {
        check(Dialect.BETA, "beta");
    }

    private static void check(Dialect dialect, String folder) throws IOException {
        EventCodec codec = EventCodec.create(dialect);
        Map<String, JsonNode> actual = new LinkedHashMap<>();
        events().forEach((name, event) -> actual.put(name, codec.encode(event, "event_test")
                .map(GoldenEventsTest::tree).orElse(NullNode.getInstance())));
        Path file = GOLDEN.resolve(folder).resolve("server-events.json");
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(actual) + "\n");
        }
        JsonNode expected = MAPPER.readTree(file.toFile());
        for (String name : actual.keySet()) {
            assertThat(dialect + " " + name, actual.get(name), is(expected.get(name)));
        }
        assertThat(expected.size(), is(actual.size()));
    }

    private static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.realtime.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.openai.client.okhttp.OkHttpClient;
import com.openai.core.ClientOptions;
import com.openai.core.JsonValue;
import com.openai.core.http.WebSocketWriteNotAttempted;
import com.openai.helpers.RealtimeConnection;
import com.openai.helpers.RealtimeWebSocketOptions;
import com.openai.models.realtime.AudioTranscription;
import com.openai.models.realtime.ConversationItemCreateEvent;
import com.openai.models.realtime.InputAudioBufferAppendEvent;
import com.openai.models.realtime.RealtimeAudioConfig;
import com.openai.models.realtime.RealtimeAudioConfigInput;
import com.openai.models.realtime.RealtimeClientEvent;
import com.openai.models.realtime.RealtimeConversationItemFunctionCallOutput;
import com.openai.models.realtime.RealtimeConversationItemUserMessage;
import com.openai.models.realtime.RealtimeFunctionTool;
import com.openai.models.realtime.RealtimeServerEvent;
import com.openai.models.realtime.RealtimeSessionCreateRequest;
import com.openai.models.realtime.ResponseCreateEvent;
import com.openai.models.realtime.SessionUpdateEvent;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.realtime.llm.FakeChatScript;
import dev.realtime.protocol.AudioFormat;
import dev.realtime.stt.local.PocketSphinx;
import dev.realtime.testing.EngineExtension;
import dev.realtime.testing.SpeechFixture;
import dev.realtime.testing.TestEngine;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Conformance with the official Java SDK's {@code RealtimeConnection} in strict mode: every server event must
 * carry every field the SDK requires and only enum values it knows, or {@code receive()} throws.
 */
class OpenAiJavaConformanceTest {
    @RegisterExtension
    static final EngineExtension engine = EngineExtension.withLlm(Map.of("STT_PROVIDER", "none"));

    @Test
    void strictAudioTurnEventsInOrder() {
        SpeechFixture speech = SpeechFixture.load("what-time.wav");
        try (RealtimeConnection conn = RealtimeConnection.connect(
                options(), RealtimeWebSocketOptions.builder().model("gpt-realtime").build())) {
            assertThat(conn.receive().isSessionCreated(), is(true));
            List<String> appends = speech.appends(AudioFormat.PCM16, 600, 1000);
            List<RealtimeServerEvent> events = new ArrayList<>();
            for (String append : appends) {
                String audio = append.substring(append.indexOf("\"audio\":\"") + 9, append.length() - 2);
                sendPaced(conn, RealtimeClientEvent.ofInputAudioBufferAppend(
                        InputAudioBufferAppendEvent.builder().audio(audio).build()));
            }
            RealtimeServerEvent event;
            do {
                event = conn.receive();
                events.add(event);
            } while (!event.isConversationItemDone());
            assertThat(events.size(), is(5));
            assertThat(events.get(0).isInputAudioBufferSpeechStarted(), is(true));
            assertThat(events.get(1).isInputAudioBufferSpeechStopped(), is(true));
            assertThat(events.get(2).isInputAudioBufferCommitted(), is(true));
            assertThat(events.get(3).isConversationItemAdded(), is(true));
            String itemId = events.getFirst().asInputAudioBufferSpeechStarted().itemId();
            assertThat(events.get(2).asInputAudioBufferCommitted().itemId(), is(itemId));
        }
    }

    @Test
    void strictTranscriptionEvents() {
        Assumptions.assumeTrue(PocketSphinx.load().isPresent(), PocketSphinx.probe().detail());
        try (TestEngine offline = TestEngine.start(Map.of());
             RealtimeConnection conn = RealtimeConnection.connect(
                     ClientOptions.builder().httpClient(OkHttpClient.builder().build()).apiKey(offline.token())
                             .baseUrl("http://127.0.0.1:" + offline.port() + "/v1").responseValidation(true).build(),
                     RealtimeWebSocketOptions.builder().model("gpt-realtime").build())) {
            assertThat(conn.receive().isSessionCreated(), is(true));
            sendPaced(conn, RealtimeClientEvent.ofSessionUpdate(SessionUpdateEvent.builder().session(
                    RealtimeSessionCreateRequest.builder().audio(RealtimeAudioConfig.builder().input(
                            RealtimeAudioConfigInput.builder().transcription(AudioTranscription.builder()
                                    .model("gpt-4o-mini-transcribe").build()).build()).build()).build()).build()));
            assertThat(conn.receive().isSessionUpdated(), is(true));
            for (String append : SpeechFixture.load("what-time.wav").appends(AudioFormat.PCM16, 400, 900)) {
                String audio = append.substring(append.indexOf("\"audio\":\"") + 9, append.length() - 2);
                sendPaced(conn, RealtimeClientEvent.ofInputAudioBufferAppend(
                        InputAudioBufferAppendEvent.builder().audio(audio).build()));
            }
            RealtimeServerEvent event;
            do {
                event = conn.receive();
            } while (!event.isConversationItemInputAudioTranscriptionCompleted());
            assertThat(event.asConversationItemInputAudioTranscriptionCompleted().transcript(),
                       is("what time is it"));
            do {
                event = conn.receive();
            } while (!event.isResponseDone());
        }
    }

    /** The SDK refuses a send while its previous frame is still queued; a streaming client retries. */
    private static void sendPaced(RealtimeConnection conn, RealtimeClientEvent event) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                conn.send(event);
                return;
            } catch (WebSocketWriteNotAttempted.Busy busy) {
                if (System.nanoTime() > deadline) {
                    throw busy;
                }
                // the SDK offers no event for "buffer drained"; back off briefly as a streaming client would
                LockSupport.parkNanos(1_000_000);
            }
        }
    }

    private static ClientOptions options() {
        return ClientOptions.builder()
                .httpClient(OkHttpClient.builder().build())
                .apiKey(engine.token())
                .baseUrl("http://127.0.0.1:" + engine.port() + "/v1")
                .responseValidation(true)
                .build();
    }

    private static RealtimeClientEvent userText(String text) {
        var content = RealtimeConversationItemUserMessage.Content.builder()
                .type(RealtimeConversationItemUserMessage.Content.Type.INPUT_TEXT).text(text).build();
        return RealtimeClientEvent.ofConversationItemCreate(ConversationItemCreateEvent.builder()
                .item(RealtimeConversationItemUserMessage.builder().addContent(content).build()).build());
    }

    /**
     * The user item, then the response request once the item is acknowledged: the SDK refuses a send while its
     * previous frame is still queued ({@code WebSocketWriteNotAttempted.Busy}), so a client paces its sends.
     */
    private static void sendTurn(RealtimeConnection conn) {
        sendPaced(conn, userText("hi"));
        assertThat(conn.receive().isConversationItemAdded(), is(true));
        assertThat(conn.receive().isConversationItemDone(), is(true));
        sendPaced(conn, RealtimeClientEvent.ofResponseCreate(ResponseCreateEvent.builder().build()));
    }

    private static List<RealtimeServerEvent> untilDone(RealtimeConnection conn) {
        List<RealtimeServerEvent> events = new ArrayList<>();
        RealtimeServerEvent event;
        do {
            event = conn.receive();
            events.add(event);
        } while (!event.isResponseDone());
        return events;
    }

    @Test
    void strictTextTurnWithDefaultAudioModality() {
        engine.llm().enqueue(FakeChatScript.text("Hello ", "from ", "the engine."));
        try (RealtimeConnection conn = RealtimeConnection.connect(
                options(), RealtimeWebSocketOptions.builder().model("gpt-realtime").build())) {
            assertThat(conn.receive().isSessionCreated(), is(true));
            sendTurn(conn);
            List<RealtimeServerEvent> events = untilDone(conn);
            StringBuilder transcript = new StringBuilder();
            events.stream().filter(RealtimeServerEvent::isResponseOutputAudioTranscriptDelta)
                    .forEach(e -> transcript.append(e.asResponseOutputAudioTranscriptDelta().delta()));
            assertThat(transcript.toString(), is("Hello from the engine."));
            assertThat(events.stream().anyMatch(RealtimeServerEvent::isResponseOutputAudioDelta), is(true));
            assertThat(events.stream().filter(RealtimeServerEvent::isConversationItemAdded).count(), is(1L));
            var done = events.getLast().asResponseDone().response();
            assertThat(done.status().orElseThrow().asString(), is("completed"));
        }
    }

    @Test
    void strictTextModalityTurnAfterSessionUpdate() {
        engine.llm().enqueue(FakeChatScript.text("Text ", "only."));
        try (RealtimeConnection conn = RealtimeConnection.connect(
                options(), RealtimeWebSocketOptions.builder().model("gpt-realtime").build())) {
            sendPaced(conn, RealtimeClientEvent.ofSessionUpdate(SessionUpdateEvent.builder().session(
                    RealtimeSessionCreateRequest.builder().instructions("Be brief.")
                            .outputModalities(List.of(RealtimeSessionCreateRequest.OutputModality.TEXT)).build())
                                                                  .build()));
            assertThat(conn.receive().isSessionCreated(), is(true));
            RealtimeServerEvent updated = conn.receive();
            assertThat(updated.isSessionUpdated(), is(true));
            sendTurn(conn);
            List<RealtimeServerEvent> events = untilDone(conn);
            StringBuilder text = new StringBuilder();
            events.stream().filter(RealtimeServerEvent::isResponseOutputTextDelta)
                    .forEach(e -> text.append(e.asResponseOutputTextDelta().delta()));
            assertThat(text.toString(), is("Text only."));
            assertThat(events.stream().anyMatch(RealtimeServerEvent::isResponseOutputTextDone), is(true));
            assertThat(events.stream().anyMatch(RealtimeServerEvent::isConversationItemDone), is(true));
        }
    }

    @Test
    void strictFunctionCallRoundTrip() {
        engine.llm().enqueue(FakeChatScript.sse().role().toolCallStart(0, "call_42", "get_weather", "")
                             .toolCallArgs(0, "{\"city\":").toolCallArgs(0, "\"Oslo\"}")
                             .finish("tool_calls").usage(20, 8).done().build(),
                     FakeChatScript.text("It is minus two in Oslo."));
        RealtimeFunctionTool weather = RealtimeFunctionTool.builder().type(RealtimeFunctionTool.Type.FUNCTION)
                .name("get_weather").description("Current weather in a city")
                .parameters(JsonValue.from(Map.of("type", "object",
                                                  "properties", Map.of("city", Map.of("type", "string")),
                                                  "required", List.of("city")))).build();
        try (RealtimeConnection conn = RealtimeConnection.connect(
                options(), RealtimeWebSocketOptions.builder().model("gpt-realtime").build())) {
            assertThat(conn.receive().isSessionCreated(), is(true));
            sendPaced(conn, RealtimeClientEvent.ofSessionUpdate(SessionUpdateEvent.builder().session(
                    RealtimeSessionCreateRequest.builder()
                            .outputModalities(List.of(RealtimeSessionCreateRequest.OutputModality.TEXT))
                            .addTool(weather).build()).build()));
            assertThat(conn.receive().isSessionUpdated(), is(true));
            sendTurn(conn);
            List<RealtimeServerEvent> events = untilDone(conn);
            var argumentsDone = events.stream().filter(RealtimeServerEvent::isResponseFunctionCallArgumentsDone)
                    .map(RealtimeServerEvent::asResponseFunctionCallArgumentsDone).toList();
            assertThat(argumentsDone.size(), is(1));
            assertThat(argumentsDone.getFirst().callId(), is("call_42"));
            assertThat(argumentsDone.getFirst().arguments(), is("{\"city\":\"Oslo\"}"));
            StringBuilder deltas = new StringBuilder();
            events.stream().filter(RealtimeServerEvent::isResponseFunctionCallArgumentsDelta)
                    .forEach(e -> deltas.append(e.asResponseFunctionCallArgumentsDelta().delta()));
            assertThat(deltas.toString(), is("{\"city\":\"Oslo\"}"));
            var call = events.getLast().asResponseDone().response().output().orElseThrow().getFirst();
            assertThat(call.isFunctionCall(), is(true));
            assertThat(call.asFunctionCall().status().orElseThrow().asString(), is("completed"));

            sendPaced(conn, RealtimeClientEvent.ofConversationItemCreate(ConversationItemCreateEvent.builder()
                    .item(RealtimeConversationItemFunctionCallOutput.builder().callId("call_42")
                                  .output("{\"temp_c\":-2}").build()).build()));
            assertThat(conn.receive().isConversationItemAdded(), is(true));
            assertThat(conn.receive().isConversationItemDone(), is(true));
            sendPaced(conn, RealtimeClientEvent.ofResponseCreate(ResponseCreateEvent.builder().build()));
            List<RealtimeServerEvent> answer = untilDone(conn);
            StringBuilder text = new StringBuilder();
            answer.stream().filter(RealtimeServerEvent::isResponseOutputTextDelta)
                    .forEach(e -> text.append(e.asResponseOutputTextDelta().delta()));
            assertThat(text.toString(), is("It is minus two in Oslo."));
            var messages = engine.llm().requests().getLast().messages();
            var result = messages.get(messages.size() - 1);
            assertThat(result.path("tool_call_id").asText(), is("call_42"));
            assertThat(result.path("content").asText(), is("{\"temp_c\":-2}"));
        }
    }
}

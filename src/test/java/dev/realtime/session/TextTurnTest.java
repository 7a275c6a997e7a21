package dev.realtime.session;

import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.realtime.llm.FakeChatScript;
import dev.realtime.llm.RecordedChatRequest;
import dev.realtime.testing.EngineExtension;
import dev.realtime.testing.Events;
import dev.realtime.testing.TestEngine;
import dev.realtime.testing.WsTestClient;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/**
 * Text turns end to end: a real WebSocket client, the engine, and a fake chat-completions server speaking SSE.
 */
class TextTurnTest {
    private static final String USER_TEXT = Events.userText("What is the weather?").toString();

    @RegisterExtension
    static final EngineExtension engine = EngineExtension.withLlm("fake-upstream-key",
                                                                  Map.of("DEFAULT_INSTRUCTIONS", "You are terse."));

    private static WsTestClient client() throws InterruptedException {
        WsTestClient c = WsTestClient.connect(engine.wsUri(), engine.token());
        assertThat(c.next().path("type").asText(), is("session.created"));
        return c;
    }

    @Test
    void sessionCreatedCarriesTheFullSession() throws Exception {
        try (WsTestClient c = WsTestClient.connect(URI.create(engine.wsUri() + "?model=gpt-realtime"),
                                                   engine.token())) {
            JsonNode created = c.next();
            assertThat(created.path("type").asText(), is("session.created"));
            assertThat(created.path("event_id").asText(), startsWith("event_"));
            JsonNode s = created.path("session");
            assertThat(s.path("id").asText(), startsWith("sess_"));
            assertThat(s.path("type").asText(), is("realtime"));
            assertThat("the model that answers, not the one the URL names", s.path("model").asText(),
                       is("fake-model"));
            assertThat(s.path("instructions").asText(), is("You are terse."));
            assertThat(s.path("audio").path("output").path("voice").asText(), is("marin"));
            assertThat(s.path("audio").path("input").path("format").path("rate").asInt(), is(24000));
            assertThat(s.path("audio").path("input").path("turn_detection").path("type").asText(), is("server_vad"));
            assertThat(s.path("tools").isArray(), is(true));
        }
    }

    @Test
    void textTurnStreamsTheFullGaLifecycle() throws Exception {
        engine.llm().enqueue(FakeChatScript.text("It is ", "sunny ", "today."));
        try (WsTestClient c = client()) {
            c.send(USER_TEXT);
            JsonNode added = c.next();
            assertThat(added.path("type").asText(), is("conversation.item.added"));
            String userId = added.path("item").path("id").asText();
            assertThat(c.next().path("type").asText(), is("conversation.item.done"));
            c.send(Events.responseCreateText());
            List<JsonNode> events = c.until("response.done");
            List<String> types = events.stream().map(e -> e.path("type").asText()).toList();
            assertThat(types, is(List.of("response.created", "response.output_item.added",
                                         "conversation.item.added", "response.content_part.added",
                                         "response.output_text.delta", "response.output_text.delta",
                                         "response.output_text.delta", "response.output_text.done",
                                         "response.content_part.done", "response.output_item.done",
                                         "conversation.item.done", "response.done")));
            StringBuilder text = new StringBuilder();
            events.stream().filter(e -> e.path("type").asText().equals("response.output_text.delta"))
                    .forEach(e -> text.append(e.path("delta").asText()));
            assertThat(text.toString(), is("It is sunny today."));
            assertThat(events.get(2).path("previous_item_id").asText(), is(userId));
            JsonNode done = events.getLast().path("response");
            assertThat(done.path("status").asText(), is("completed"));
            assertThat(done.path("output").get(0).path("content").get(0).path("type").asText(), is("output_text"));
            assertThat(done.path("output").get(0).path("content").get(0).path("text").asText(),
                       is("It is sunny today."));
            assertThat(done.path("usage").path("input_tokens").asInt(), is(12));
            assertThat(done.path("usage").path("output_tokens").asInt(), is(3));
            RecordedChatRequest request = engine.llm().requests().getLast();
            assertThat(request.messages().get(0).path("role").asText(), is("system"));
            assertThat(request.messages().get(0).path("content").asText(), is("You are terse."));
            assertThat(request.lastUserText(), is("What is the weather?"));
            assertThat(request.json().path("model").asText(), is("fake-model"));
        }
    }

    @Test
    void defaultAudioModalitySpeaksTheAnswer() throws Exception {
        engine.llm().enqueue(FakeChatScript.text("Hello ", "there. ", "How are you?"));
        try (WsTestClient c = client()) {
            c.send(USER_TEXT);
            c.await("conversation.item.done");
            c.send(Events.responseCreate());
            List<JsonNode> events = c.until("response.done");
            List<String> types = events.stream().map(e -> e.path("type").asText()).toList();
            JsonNode part = events.get(types.indexOf("response.content_part.added"));
            assertThat(part.path("part").path("type").asText(), is("audio"));
            String transcript = events.stream().filter(e -> e.path("type").asText()
                    .equals("response.output_audio_transcript.delta")).map(e -> e.path("delta").asText())
                    .reduce("", String::concat);
            assertThat(transcript, is("Hello there. How are you?"));
            long bytes = events.stream().filter(e -> e.path("type").asText().equals("response.output_audio.delta"))
                    .mapToLong(e -> Base64.getDecoder().decode(e.path("delta").asText()).length).sum();
            assertThat(bytes % 2, is(0L));
            assertThat(bytes > 48_000 / 2, is(true));
            assertThat(types.indexOf("response.output_audio.done") < types.indexOf(
                    "response.output_audio_transcript.done"), is(true));
            assertThat(types.lastIndexOf("response.output_audio.delta") < types.indexOf(
                    "response.output_audio.done"), is(true));
            JsonNode item = events.getLast().path("response").path("output").get(0);
            assertThat(item.path("content").get(0).path("type").asText(), is("output_audio"));
            assertThat(item.path("content").get(0).path("transcript").asText(), is("Hello there. How are you?"));
        }
    }

    @Test
    void conversationContextAccumulatesAcrossTurns() throws Exception {
        engine.llm().enqueue(FakeChatScript.text("First answer."), FakeChatScript.text("Second answer."));
        try (WsTestClient c = client()) {
            c.send(USER_TEXT).send(Events.responseCreate());
            c.await("response.done");
            c.send(USER_TEXT.replace("What is the weather?", "And tomorrow?")).send(Events.responseCreate());
            c.await("response.done");
            JsonNode messages = engine.llm().requests().getLast().messages();
            assertThat(messages.size(), is(4));
            assertThat(messages.get(1).path("content").asText(), is("What is the weather?"));
            assertThat(messages.get(2).path("role").asText(), is("assistant"));
            assertThat(messages.get(2).path("content").asText(), is("First answer."));
            assertThat(messages.get(3).path("content").asText(), is("And tomorrow?"));
        }
    }

    @Test
    void responseOverridesApply() throws Exception {
        engine.llm().enqueue(FakeChatScript.text("ok"));
        try (WsTestClient c = client()) {
            c.send(USER_TEXT);
            c.send("{\"type\":\"response.create\",\"response\":{\"instructions\":\"Shout.\",\"temperature\":0.3,"
                           + "\"max_output_tokens\":77,\"metadata\":{\"turn\":\"1\"}}}");
            JsonNode done = c.await("response.done").path("response");
            assertThat(done.path("metadata").path("turn").asText(), is("1"));
            assertThat(done.path("max_output_tokens").asInt(), is(77));
            JsonNode body = engine.llm().requests().getLast().json();
            assertThat(body.path("messages").get(0).path("content").asText(), is("Shout."));
            assertThat(body.path("temperature").asDouble(), is(0.3));
            assertThat(body.path("max_completion_tokens").asInt(), is(77));
        }
    }

    @Test
    void outOfBandResponseIsNotStored() throws Exception {
        engine.llm().enqueue(FakeChatScript.text("A summary."));
        try (WsTestClient c = client()) {
            c.send("{\"type\":\"response.create\",\"response\":{\"conversation\":\"none\",\"output_modalities\":"
                           + "[\"text\"],\"input\":[{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":"
                           + "\"input_text\",\"text\":\"Summarise.\"}]}]}}");
            List<JsonNode> events = c.until("response.done");
            assertThat(events.stream().noneMatch(e -> e.path("type").asText().startsWith("conversation.item")),
                       is(true));
            JsonNode done = events.getLast().path("response");
            assertThat(done.path("conversation_id").isNull(), is(true));
            String itemId = done.path("output").get(0).path("id").asText();
            assertThat(engine.llm().requests().getLast().lastUserText(), is("Summarise."));
            c.send(Events.retrieve(itemId));
            assertThat(c.await("error").path("error").path("code").asText(), is("item_not_found"));
        }
    }

    @Test
    void contextIsBoundedOldestFirst() throws Exception {
        try (TestEngine small = TestEngine.withLlm(engine.llm().baseUrl(), Map.of("CONTEXT_MAX_ITEMS", "2"));
             WsTestClient c = WsTestClient.connect(small.wsUri(), small.token())) {
            c.await("session.created");
            for (String text : new String[] {"one", "two", "three"}) {
                c.send(USER_TEXT.replace("What is the weather?", text));
                c.await("conversation.item.done");
            }
            engine.llm().enqueue(FakeChatScript.text("ok"));
            c.send(Events.responseCreate());
            c.await("response.done");
            JsonNode messages = engine.llm().requests().getLast().messages();
            assertThat(messages.size(), is(3));
            assertThat(messages.get(1).path("content").asText(), is("two"));
            assertThat(messages.get(2).path("content").asText(), is("three"));
        }
    }

    @Test
    void streamedToolCallBecomesAFunctionCallItemAndItsOutputGoesBackUpstream() throws Exception {
        engine.llm().enqueue(FakeChatScript.toolCall("call_abc", "get_weather", "{\"city\":\"Paris\"}"),
                     FakeChatScript.text("It is 21 degrees."));
        try (WsTestClient c = client()) {
            c.send("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"tools\":[{\"type\":"
                           + "\"function\",\"name\":\"get_weather\",\"description\":\"Weather\",\"parameters\":"
                           + "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}]}}");
            c.await("session.updated");
            c.send(USER_TEXT);
            c.await("conversation.item.done");
            c.send(Events.responseCreate());
            List<JsonNode> events = c.until("response.done");
            List<String> types = events.stream().map(e -> e.path("type").asText()).toList();
            assertThat(types, is(List.of("response.created", "response.output_item.added", "conversation.item.added",
                                         "response.function_call_arguments.delta",
                                         "response.function_call_arguments.delta",
                                         "response.function_call_arguments.done", "response.output_item.done",
                                         "conversation.item.done", "response.done")));
            JsonNode args = events.get(5);
            assertThat(args.path("call_id").asText(), is("call_abc"));
            assertThat(args.path("name").asText(), is("get_weather"));
            assertThat(args.path("arguments").asText(), is("{\"city\":\"Paris\"}"));
            JsonNode body = engine.llm().requests().getLast().json();
            assertThat(body.path("tools").get(0).path("function").path("name").asText(), is("get_weather"));
            assertThat(body.path("tool_choice").asText(), is("auto"));
            c.send(Events.functionOutput("call_abc", "{\"temp\":21}"));
            c.await("conversation.item.done");
            c.send(Events.responseCreate());
            c.await("response.done");
            JsonNode messages = engine.llm().requests().getLast().messages();
            JsonNode call = messages.get(messages.size() - 2);
            assertThat(call.path("role").asText(), is("assistant"));
            assertThat(call.path("tool_calls").get(0).path("id").asText(), is("call_abc"));
            assertThat(call.path("tool_calls").get(0).path("function").path("arguments").asText(),
                       is("{\"city\":\"Paris\"}"));
            JsonNode result = messages.get(messages.size() - 1);
            assertThat(result.path("role").asText(), is("tool"));
            assertThat(result.path("tool_call_id").asText(), is("call_abc"));
            assertThat(result.path("content").asText(), is("{\"temp\":21}"));
        }
    }

    @Test
    void nothingFollowsResponseDone() throws Exception {
        engine.llm().enqueue(FakeChatScript.text("done"));
        try (WsTestClient c = client()) {
            c.send(USER_TEXT).send(Events.responseCreate());
            c.await("response.done");
            assertThat(c.drain(Duration.ofMillis(300)), is(List.of()));
        }
    }
}

package dev.realtime.session;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.realtime.llm.FakeChatScript;
import dev.realtime.llm.FakeChatServer;
import dev.realtime.llm.RecordedChatRequest;
import dev.realtime.protocol.AudioFormat;
import dev.realtime.session.run.ResponseRun;
import dev.realtime.testing.EngineExtension;
import dev.realtime.testing.Events;
import dev.realtime.testing.SpeechFixture;
import dev.realtime.testing.TestEngine;
import dev.realtime.testing.WsTestClient;
import dev.realtime.tools.FakeToolServer;
import dev.realtime.tts.openai.FakeSpeechServer;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * Server tools declared in the runtime YAML, performed by the engine inside the response: the model hears the
 * result and goes on speaking, failures reach the model as tool errors, and cancelling the response (barge-in,
 * response.cancel, closing the session) aborts the request in flight.
 */
class ServerToolTurnTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String USER_TEXT = Events.userText("Where is order A17?").toString();
    private static final String TEXT_ONLY = Events.textOnly().toString();

    private static FakeChatServer llm;
    private static FakeToolServer tools;
    private static FakeSpeechServer speech;

    @RegisterExtension
    static final EngineExtension engine = EngineExtension.starting(fakes -> {
        llm = fakes.start(FakeChatServer::start);
        tools = fakes.start(FakeToolServer::start);
        speech = fakes.start(FakeSpeechServer::start);
        tools.json("/orders/A17", "{\"status\":\"shipped\"}")
                .answer("/hold", new FakeToolServer.Answer.Hold())
                .answer("/down", new FakeToolServer.Answer.Reply(503, "{\"message\":\"maintenance\"}",
                                                                 Duration.ZERO))
                .answer("/slow", new FakeToolServer.Answer.Reply(200, "{}", Duration.ofSeconds(5)));
        String base = tools.baseUrl().toString();
        return TestEngine.withRuntimeYaml(llm.baseUrl(), """
                tools:
                  - name: lookup_order
                    description: Status of an order
                    parameters: {type: object, properties: {id: {type: string}}, required: [id]}
                    url: %1$s/orders/{id}
                    headers: {Authorization: "Bearer ${ORDER_TOKEN}"}
                  - name: slow_lookup
                    description: Takes its time
                    parameters: {type: object, properties: {}}
                    url: %1$s/hold
                    timeout_ms: 30000
                  - name: flaky
                    description: Fails
                    parameters: {type: object, properties: {}}
                    url: %1$s/down
                  - name: sluggish
                    description: Too slow for its timeout
                    parameters: {type: object, properties: {}}
                    url: %1$s/slow
                    timeout_ms: 300
                """.formatted(base), Map.of("ORDER_TOKEN", "t0ken", "STT_PROVIDER", "none",
                                            "TTS_PROVIDER", "openai-compatible",
                                            "TTS_BASE_URL", speech.baseUrl().toString()));
    });

    private static WsTestClient session(boolean textOnly) throws InterruptedException {
        WsTestClient c = WsTestClient.connect(engine.wsUri(), engine.token());
        c.await("session.created");
        if (textOnly) {
            c.send(TEXT_ONLY);
            c.await("session.updated");
        }
        c.send(USER_TEXT);
        c.await("conversation.item.done");
        return c;
    }

    private static List<String> types(List<JsonNode> events) {
        return events.stream().map(e -> e.path("type").asText()).toList();
    }

    @Test
    void serverToolRunsAndTheModelGoesOnSpeaking() throws Exception {
        llm.enqueue(FakeChatScript.toolCall("call_o", "lookup_order", "{\"id\":\"A17\"}"),
                    FakeChatScript.text("Your order A17 has shipped."));
        try (WsTestClient c = session(false)) {
            c.send(Events.responseCreate());
            List<JsonNode> events = c.until("response.done");
            FakeToolServer.Recorded request = tools.awaitRequest(WAIT);
            assertThat(request.target(), is("/orders/A17"));
            assertThat(request.header("authorization"), is("Bearer t0ken"));

            List<JsonNode> added = events.stream()
                    .filter(e -> e.path("type").asText().equals("conversation.item.added")).toList();
            assertThat(added.get(0).path("item").path("type").asText(), is("function_call"));
            assertThat(added.get(0).path("item").path("arguments").asText(), is("{\"id\":\"A17\"}"));
            assertThat(added.get(1).path("item").path("type").asText(), is("function_call_output"));
            assertThat(added.get(1).path("item").path("output").asText(), is("{\"status\":\"shipped\"}"));
            assertThat(added.get(2).path("item").path("type").asText(), is("message"));
            assertThat("the client is not asked to run a server tool",
                       types(events).stream().noneMatch(t -> t.startsWith("response.function_call")), is(true));
            assertThat(types(events).contains("response.output_audio.delta"), is(true));

            JsonNode done = events.getLast().path("response");
            assertThat(done.path("status").asText(), is("completed"));
            assertThat(done.path("output").size(), is(1));
            assertThat(done.path("output").get(0).path("content").get(0).path("transcript").asText(),
                       is("Your order A17 has shipped."));

            JsonNode second = llm.requests().getLast().json();
            JsonNode messages = second.path("messages");
            assertThat(messages.get(messages.size() - 2).path("tool_calls").get(0).path("id").asText(),
                       is("call_o"));
            assertThat(messages.get(messages.size() - 1).path("content").asText(), is("{\"status\":\"shipped\"}"));
            assertThat(second.path("tools").size(), is(4));
        }
    }

    @Test
    void textBeforeAndAfterAServerCallAreTwoMessages() throws Exception {
        llm.enqueue(FakeChatScript.sse().role().content("Let me check.")
                            .toolCallStart(0, "call_t", "lookup_order", "{\"id\":\"A17\"}").finish("tool_calls")
                            .done().build(),
                    FakeChatScript.text("It has shipped."));
        try (WsTestClient c = session(true)) {
            c.send(Events.responseCreate());
            List<JsonNode> events = c.until("response.done");
            tools.awaitRequest(WAIT);
            JsonNode output = events.getLast().path("response").path("output");
            assertThat(output.size(), is(2));
            assertThat(output.get(0).path("content").get(0).path("text").asText(), is("Let me check."));
            assertThat(output.get(1).path("content").get(0).path("text").asText(), is("It has shipped."));
            List<String> order = events.stream().filter(e -> e.path("type").asText().equals("conversation.item.added"))
                    .map(e -> e.path("item").path("type").asText()).toList();
            assertThat(order, is(List.of("message", "function_call", "function_call_output", "message")));
        }
    }

    @Test
    void failuresAndTimeoutsReachTheModelAsToolErrors() throws Exception {
        llm.enqueue(FakeChatScript.sse().role().toolCallStart(0, "call_f", "flaky", "{}")
                            .toolCallStart(1, "call_s", "sluggish", "{}").finish("tool_calls").done().build(),
                    FakeChatScript.text("The systems are down, sorry."));
        try (WsTestClient c = session(true)) {
            c.send(Events.responseCreate());
            List<JsonNode> events = c.until("response.done");
            assertThat(events.getLast().path("response").path("status").asText(), is("completed"));
            JsonNode messages = llm.requests().getLast().messages();
            int n = messages.size();
            assertThat(messages.get(n - 2).path("tool_call_id").asText(), is("call_f"));
            assertThat(messages.get(n - 2).path("content").asText(), containsString("HTTP 503 from flaky"));
            assertThat(messages.get(n - 1).path("tool_call_id").asText(), is("call_s"));
            assertThat(messages.get(n - 1).path("content").asText(),
                       containsString("sluggish timed out after 300 ms"));
        }
        while (tools.pending() > 0) {
            tools.awaitRequest(WAIT);
        }
    }

    @Test
    void responseCancelAbortsTheToolInFlight() throws Exception {
        llm.enqueue(FakeChatScript.toolCall("call_h", "slow_lookup", "{}"));
        int requests = llm.requestCount();
        try (WsTestClient c = session(true)) {
            c.send(Events.responseCreate());
            tools.awaitRequest(WAIT);
            c.send(Events.responseCancel());
            List<JsonNode> events = c.until("response.done");
            assertThat(events.getLast().path("response").path("status").asText(), is("cancelled"));
            assertThat(tools.awaitAbort(WAIT), is(true));
            JsonNode output = events.stream().filter(e -> e.path("type").asText().equals("conversation.item.added")
                    && e.path("item").path("type").asText().equals("function_call_output")).findFirst().orElseThrow();
            assertThat(output.path("item").path("call_id").asText(), is("call_h"));
            assertThat(output.path("item").path("output").asText(), containsString("cancelled"));
            assertThat("the model is not asked again", llm.requestCount() - requests, is(1));
        }
    }

    @Test
    void closingTheSessionAbortsTheToolInFlight() throws Exception {
        llm.enqueue(FakeChatScript.toolCall("call_c", "slow_lookup", "{}"));
        WsTestClient c = session(true);
        c.send(Events.responseCreate());
        tools.awaitRequest(WAIT);
        c.close();
        assertThat(tools.awaitAbort(WAIT), is(true));
    }

    @Test
    void bargeInDuringASlowServerToolAbortsIt() throws Exception {
        llm.enqueue(FakeChatScript.sse().role().content("Let me look that up for you.")
                            .toolCallStart(0, "call_b", "slow_lookup", "{}").finish("tool_calls").done().build());
        try (WsTestClient c = session(false)) {
            c.send(Events.responseCreate());
            tools.awaitRequest(WAIT);
            c.await("response.output_audio.delta");
            for (String append : SpeechFixture.load("what-time.wav").appends(AudioFormat.PCM16, 0, 0)) {
                c.send(append);
            }
            JsonNode done = c.await(e -> e.path("type").asText().equals("response.done")
                    && e.path("response").path("status").asText().equals("cancelled"), "cancelled response");
            assertThat(done.path("response").path("status_details").path("reason").asText(), is("turn_detected"));
            assertThat(tools.awaitAbort(WAIT), is(true));
        }
    }

    @Test
    void mixedServerAndClientCallsInOneTurn() throws Exception {
        llm.enqueue(FakeChatScript.sse().role().toolCallStart(0, "call_s1", "lookup_order", "{\"id\":\"A17\"}")
                            .toolCallStart(1, "call_c1", "notify_user", "{\"text\":\"shipped\"}")
                            .finish("tool_calls").done().build(),
                    FakeChatScript.text("Done."));
        int requests = llm.requestCount();
        try (WsTestClient c = session(true)) {
            c.send("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"tools\":[{\"type\":\"function\","
                           + "\"name\":\"notify_user\",\"description\":\"Shows a note\",\"parameters\":{\"type\":"
                           + "\"object\",\"properties\":{\"text\":{\"type\":\"string\"}}}}]}}");
            c.await("session.updated");
            c.send(Events.responseCreate());
            List<JsonNode> events = c.until("response.done");
            tools.awaitRequest(WAIT);
            JsonNode output = events.getLast().path("response").path("output");
            assertThat(output.size(), is(1));
            assertThat(output.get(0).path("name").asText(), is("notify_user"));
            assertThat("the client's call ends the response", llm.requestCount() - requests, is(1));

            c.send(Events.functionOutput("call_c1", "shown"));
            c.await("conversation.item.done");
            c.send(Events.responseCreate());
            c.await("response.done");
            JsonNode messages = llm.requests().getLast().messages();
            int n = messages.size();
            assertThat(messages.get(n - 3).path("tool_calls").size(), is(2));
            assertThat(messages.get(n - 2).path("tool_call_id").asText(), is("call_s1"));
            assertThat(messages.get(n - 2).path("content").asText(), is("{\"status\":\"shipped\"}"));
            assertThat(messages.get(n - 1).path("tool_call_id").asText(), is("call_c1"));
        }
    }

    @Test
    void modelThatKeepsCallingToolsIsMadeToAnswer() throws Exception {
        for (int i = 0; i < ResponseRun.MAX_TOOL_ROUNDS; i++) {
            llm.enqueue(FakeChatScript.toolCall("call_r" + i, "lookup_order", "{\"id\":\"A17\"}"));
        }
        llm.enqueue(FakeChatScript.text("It shipped."));
        int requests = llm.requestCount();
        try (WsTestClient c = session(true)) {
            c.send(Events.responseCreate());
            List<JsonNode> events = c.until("response.done");
            assertThat(events.getLast().path("response").path("status").asText(), is("completed"));
            assertThat(llm.requestCount() - requests, is(ResponseRun.MAX_TOOL_ROUNDS + 1));
            List<RecordedChatRequest> all = llm.requests();
            assertThat(all.get(all.size() - 2).json().path("tool_choice").asText(), is("auto"));
            assertThat(all.getLast().json().path("tool_choice").asText(), is("none"));
        }
        for (int i = 0; i < ResponseRun.MAX_TOOL_ROUNDS; i++) {
            tools.awaitRequest(WAIT);
        }
    }

    @Test
    void clientToolNamedLikeAServerToolIsRejected() throws Exception {
        try (WsTestClient c = WsTestClient.connect(engine.wsUri(), engine.token())) {
            c.await("session.created");
            c.send(Events.sessionUpdate().with("session.tools", List.of(Map.of(
                    "type", "function", "name", "lookup_order", "description", "mine",
                    "parameters", Map.of("type", "object")))));
            JsonNode error = c.await("error").path("error");
            assertThat(error.path("code").asText(), is("invalid_value"));
            assertThat(error.path("param").asText(), is("session.tools[0].name"));
            c.send(TEXT_ONLY);
            assertThat(c.await("session.updated").path("session").path("tools").size(), is(0));
        }
    }
}

package dev.realtime.session;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.realtime.llm.FakeChatScript;
import dev.realtime.testing.EngineExtension;
import dev.realtime.testing.Events;
import dev.realtime.testing.WsTestClient;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * Client function calls end to end against a fake model that streams tool-call chunks: split and interleaved
 * arguments, parallel calls, text before a call, invalid JSON and schema violations corrected by one re-ask.
 */
class ClientToolsTest {
    private static final String TOOLS = "{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\","
            + "\"output_modalities\":[\"text\"],\"tools\":["
            + "{\"type\":\"function\",\"name\":\"get_weather\",\"description\":\"Weather in a city\",\"parameters\":"
            + "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"],"
            + "\"additionalProperties\":false}},"
            + "{\"type\":\"function\",\"name\":\"get_time\",\"description\":\"Time in a zone\",\"parameters\":"
            + "{\"type\":\"object\",\"properties\":{\"zone\":{\"type\":\"string\"}},\"required\":[\"zone\"]}}]}}";
    private static final String USER_TEXT = Events.userText("Weather and time in Paris?").toString();

    @RegisterExtension
    static final EngineExtension engine = EngineExtension.withLlm(Map.of());

    private static WsTestClient session() throws InterruptedException {
        WsTestClient c = WsTestClient.connect(engine.wsUri(), engine.token());
        c.await("session.created");
        c.send(TOOLS);
        c.await("session.updated");
        c.send(USER_TEXT);
        c.await("conversation.item.done");
        return c;
    }

    private static List<JsonNode> ofType(List<JsonNode> events, String type) {
        return events.stream().filter(e -> e.path("type").asText().equals(type)).toList();
    }

    @Test
    void parallelCallsWithInterleavedFragmentsBecomeItemsOfOneResponse() throws Exception {
        engine.llm().enqueue(FakeChatScript.sse().role().content("Let me check.")
                             .toolCallStart(0, "call_w", "get_weather", "")
                             .toolCallStart(1, "call_t", "get_time", "")
                             .toolCallArgs(0, "{\"ci").toolCallArgs(1, "{\"zone\":")
                             .toolCallArgs(0, "ty\":\"Paris\"}").toolCallArgs(1, "\"CET\"}")
                             .finish("tool_calls").usage(30, 12).done().build(),
                     FakeChatScript.text("Sunny, and it is noon."));
        int before = engine.llm().requestCount();
        try (WsTestClient c = session()) {
            c.send(Events.responseCreate());
            List<JsonNode> events = c.until("response.done");
            JsonNode output = events.getLast().path("response").path("output");
            assertThat(events.getLast().path("response").path("status").asText(), is("completed"));
            assertThat(output.size(), is(3));
            assertThat(output.get(0).path("type").asText(), is("message"));
            assertThat(output.get(0).path("content").get(0).path("text").asText(), is("Let me check."));
            assertThat(output.get(1).path("call_id").asText(), is("call_w"));
            assertThat(output.get(1).path("arguments").asText(), is("{\"city\":\"Paris\"}"));
            assertThat(output.get(2).path("call_id").asText(), is("call_t"));
            assertThat(output.get(2).path("arguments").asText(), is("{\"zone\":\"CET\"}"));
            for (JsonNode item : List.of(output.get(1), output.get(2))) {
                String id = item.path("id").asText();
                List<String> order = events.stream().filter(e -> id.equals(e.path("item_id").asText())
                        || id.equals(e.path("item").path("id").asText())).map(e -> e.path("type").asText()).toList();
                assertThat(order, is(List.of("response.output_item.added", "conversation.item.added",
                                             "response.function_call_arguments.delta",
                                             "response.function_call_arguments.delta",
                                             "response.function_call_arguments.done", "response.output_item.done",
                                             "conversation.item.done")));
                String joined = ofType(events, "response.function_call_arguments.delta").stream()
                        .filter(e -> id.equals(e.path("item_id").asText())).map(e -> e.path("delta").asText())
                        .reduce("", String::concat);
                assertThat(joined, is(item.path("arguments").asText()));
            }
            assertThat("valid calls need no second model request", engine.llm().requestCount() - before, is(1));

            c.send(Events.functionOutput("call_w", "sunny"));
            c.await("conversation.item.done");
            c.send(Events.functionOutput("call_t", "12:00"));
            c.await("conversation.item.done");
            c.send(Events.responseCreate());
            c.await("response.done");
            JsonNode messages = engine.llm().requests().getLast().messages();
            int n = messages.size();
            assertThat(messages.get(n - 4).path("content").asText(), is("Let me check."));
            JsonNode calls = messages.get(n - 3).path("tool_calls");
            assertThat(calls.size(), is(2));
            assertThat(calls.get(0).path("id").asText(), is("call_w"));
            assertThat(calls.get(1).path("id").asText(), is("call_t"));
            assertThat(messages.get(n - 2).path("tool_call_id").asText(), is("call_w"));
            assertThat(messages.get(n - 1).path("tool_call_id").asText(), is("call_t"));
        }
    }

    @Test
    void invalidJsonArgumentsAreCorrectedByOneReask() throws Exception {
        engine.llm().enqueue(FakeChatScript.toolCall("call_bad", "get_weather", "{\"city\": \"Par"),
                     FakeChatScript.toolCall("call_fixed", "get_weather", "{\"city\":\"Paris\"}"));
        int before = engine.llm().requestCount();
        try (WsTestClient c = session()) {
            c.send(Events.responseCreate());
            List<JsonNode> events = c.until("response.done");
            assertThat(engine.llm().requestCount() - before, is(2));
            JsonNode retry = engine.llm().requests().getLast().json();
            assertThat(retry.path("tool_choice").path("function").path("name").asText(), is("get_weather"));
            JsonNode messages = retry.path("messages");
            JsonNode asked = messages.get(messages.size() - 2).path("tool_calls").get(0);
            assertThat(asked.path("function").path("arguments").asText(), is("{\"city\": \"Par"));
            JsonNode problem = messages.get(messages.size() - 1);
            assertThat(problem.path("tool_call_id").asText(), is("call_bad"));
            assertThat(problem.path("content").asText(), containsString("not valid JSON"));

            List<JsonNode> done = ofType(events, "response.function_call_arguments.done");
            assertThat(done.size(), is(1));
            assertThat("the client keeps the first call's id", done.getFirst().path("call_id").asText(),
                       is("call_bad"));
            assertThat(done.getFirst().path("arguments").asText(), is("{\"city\":\"Paris\"}"));
            String joined = ofType(events, "response.function_call_arguments.delta").stream()
                    .map(e -> e.path("delta").asText()).reduce("", String::concat);
            assertThat(joined, is("{\"city\":\"Paris\"}"));
            assertThat(ofType(events, "response.done").size(), is(1));
        }
    }

    @Test
    void callStillInvalidAfterTheReaskIsDeliveredAndLogged() throws Exception {
        List<LogRecord> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger("dev.realtime.session.run.CallRepair");
        logger.addHandler(capture);
        engine.llm().enqueue(FakeChatScript.toolCall("call_x", "get_weather", "{\"town\":\"Paris\"}"),
                     FakeChatScript.toolCall("call_y", "get_weather", "{\"town\":\"Paris!\"}"));
        try (WsTestClient c = session()) {
            c.send(Events.responseCreate());
            List<JsonNode> events = c.until("response.done");
            JsonNode problem = engine.llm().requests().getLast().messages();
            assertThat(problem.get(problem.size() - 1).path("content").asText(), containsString("city"));
            JsonNode done = ofType(events, "response.function_call_arguments.done").getFirst();
            assertThat(done.path("call_id").asText(), is("call_x"));
            assertThat(done.path("arguments").asText(), is("{\"town\":\"Paris!\"}"));
            assertThat(events.getLast().path("response").path("status").asText(), is("completed"));
            assertThat(logged.stream().anyMatch(r -> r.getLevel() == Level.WARNING
                    && r.getMessage().contains("call_x") && r.getMessage().contains("still invalid")), is(true));
        } finally {
            logger.removeHandler(capture);
        }
    }

    @Test
    void toolChoiceReachesTheModel() throws Exception {
        engine.llm().enqueue(FakeChatScript.text("ok"), FakeChatScript.text("ok"), FakeChatScript.text("ok"));
        try (WsTestClient c = session()) {
            c.send(Events.sessionUpdate().with("session.tool_choice", "required"));
            c.await("session.updated");
            c.send(Events.responseCreate());
            c.await("response.done");
            assertThat(engine.llm().requests().getLast().json().path("tool_choice").asText(), is("required"));
            c.send("{\"type\":\"response.create\",\"response\":{\"tool_choice\":{\"type\":\"function\","
                           + "\"name\":\"get_time\"}}}");
            c.await("response.done");
            JsonNode named = engine.llm().requests().getLast().json().path("tool_choice");
            assertThat(named.path("type").asText(), is("function"));
            assertThat(named.path("function").path("name").asText(), is("get_time"));
            c.send(Events.responseCreate().with("response.tool_choice", "none"));
            c.await("response.done");
            assertThat(engine.llm().requests().getLast().json().path("tool_choice").asText(), is("none"));
        }
    }
}

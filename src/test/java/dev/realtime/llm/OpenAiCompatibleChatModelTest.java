package dev.realtime.llm;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.realtime.llm.ChatTestSupport.collect;
import static dev.realtime.llm.ChatTestSupport.hello;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/** Successful streams against the fake: text, tool calls, usage, reasoning, SSE edge cases, request shape. */
class OpenAiCompatibleChatModelTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final FakeChatServer fake = FakeChatServer.start();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @AfterEach
    void stop() {
        fake.close();
        client.shutdownNow();
    }

    @Test
    void assemblesTextExactlyAndReportsUsage() {
        ChatTestSupport.Collected out = collect(model().stream(hello()));
        assertThat(out.text(), is("Hello from the fake."));
        assertThat(out.chunks().subList(0, 3), contains(new ChatChunk.Text("Hello "), new ChatChunk.Text("from the "),
                                                        new ChatChunk.Text("fake.")));
        assertThat(out.finishes(), contains("stop"));
        assertThat(out.usage(), is(Optional.of(new Usage(12, 3, 15))));
    }

    @Test
    void reassemblesToolCallArgumentsSplitAcrossChunks() {
        fake.enqueue(FakeChatScript.toolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"));
        ChatTestSupport.Collected out = collect(model().stream(hello()));
        assertThat(out.toolCalls(), contains(new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}")));
        assertThat(out.finishes(), contains("tool_calls"));
        assertThat(out.text(), is(""));
    }

    @Test
    void keepsInterleavedParallelCallsApartByIndex() {
        fake.enqueue(FakeChatScript.sse().role()
                             .toolCallStart(0, "call_a", "get_weather", "")
                             .toolCallStart(1, "call_b", "get_time<|channel|>commentary", "")
                             .toolCallArgs(0, "{\"city\":").toolCallArgs(1, "{\"zone\":")
                             .toolCallArgs(1, "\"UTC\"}").toolCallArgs(0, "\"Oslo\"}")
                             .finish("tool_calls").done().build());
        assertThat(collect(model().stream(hello())).toolCalls(),
                   contains(new ToolCall("call_a", "get_weather", "{\"city\":\"Oslo\"}"),
                            new ToolCall("call_b", "get_time", "{\"zone\":\"UTC\"}")));
    }

    @Test
    void acceptsWholeCallInOneChunkWithFinishStop() {
        fake.enqueue(FakeChatScript.sse().role().toolCallStart(0, "call_x", "lights", "{\"on\":true}")
                             .finish("stop").usage(7, 3).done().build());
        ChatTestSupport.Collected out = collect(model().stream(hello()));
        assertThat(out.toolCalls(), contains(new ToolCall("call_x", "lights", "{\"on\":true}")));
        assertThat(out.finishes(), contains("stop"));
        assertThat(out.usage(), is(Optional.of(new Usage(7, 3, 10))));
    }

    @Test
    void neverDeliversReasoningAsText() {
        fake.enqueue(FakeChatScript.sse().role()
                             .reasoning("reasoning", "The user wants weather.")
                             .reasoning("reasoning_content", "Let me think.")
                             .content("<thi").content("nk>secret plan</th").content("ink>\n\nIt is ")
                             .content("sunny.").groqFinish("stop", 9, 4).done().build());
        ChatTestSupport.Collected out = collect(model().stream(hello()));
        assertThat(out.text(), is("It is sunny."));
        assertThat(out.text(), not(containsString("secret")));
        assertThat(out.usage(), is(Optional.of(new Usage(9, 4, 13))));
    }

    @Test
    void skipsCommentsAndReadsCrlfEvents() {
        fake.enqueue(FakeChatScript.sse().crlf().comment("OPENROUTER PROCESSING").comment("OPENROUTER PROCESSING")
                             .role().content("Bonjour").comment("OPENROUTER PROCESSING").content(" à tous")
                             .finish("stop").usage(4, 2).done().build());
        assertThat(collect(model().stream(hello())).text(), is("Bonjour à tous"));
    }

    @Test
    void readsAnEventSplitAcrossWritesMidLine() {
        fake.enqueue(FakeChatScript.sse().role().contentSplit("Split ", 7).contentSplit("ünïcode ✓", 5)
                             .finish("stop").done().build());
        assertThat(collect(model().stream(hello())).text(), is("Split ünïcode ✓"));
    }

    @Test
    void endsCleanlyAfterFinishWithoutDone() {
        fake.enqueue(FakeChatScript.sse().role().content("Done soon").finish("length").build());
        ChatTestSupport.Collected out = collect(model().stream(hello()));
        assertThat(out.text(), is("Done soon"));
        assertThat(out.finishes(), contains("length"));
    }

    @Test
    void sendsTheRequestBodyAndHeadersProvidersExpect() throws Exception {
        try (FakeChatServer keyed = FakeChatServer.start("sk-test")) {
            LlmSettings settings = LlmSettings.of("openrouter", URI.create(keyed.baseUrl("/api/v1") + "/"),
                                                  Optional.of("sk-test"), "openai/gpt-oss-20b")
                    .withMaxTokensField("max_tokens");
            JsonNode params = new ObjectMapper().readTree(
                    "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}");
            ChatRequest request = ChatRequest.of(List.of(
                            ChatMessage.system("You are a voice assistant."),
                            ChatMessage.user("Weather in Paris?"),
                            ChatMessage.assistantToolCalls("", List.of(new ToolCall("call_1", "get_weather",
                                                                                    "{\"city\":\"Paris\"}"))),
                            ChatMessage.tool("call_1", "{\"temp_c\":18}"),
                            ChatMessage.assistant("It is 18 degrees.")))
                    .withTools(List.of(new ToolSpec("get_weather", "Current weather", params)), Optional.of("auto"))
                    .withTemperature(0.5).withMaxOutputTokens(256);
            collect(OpenAiCompatibleChatModel.create(settings, client).stream(request));

            RecordedChatRequest seen = keyed.awaitRequest(WAIT);
            assertThat(seen.path(), is("/api/v1/chat/completions"));
            assertThat(seen.header("Authorization"), is(Optional.of("Bearer sk-test")));
            assertThat(seen.header("Content-Type"), is(Optional.of("application/json")));
            assertThat(seen.header("Accept"), is(Optional.of("text/event-stream")));
            assertThat(seen.header("X-Title"), is(Optional.of("realtime-engine")));
            String expected = "{\"model\":\"openai/gpt-oss-20b\",\"stream\":true,"
                    + "\"stream_options\":{\"include_usage\":true},"
                    + "\"messages\":[{\"role\":\"system\",\"content\":\"You are a voice assistant.\"},"
                    + "{\"role\":\"user\",\"content\":\"Weather in Paris?\"},"
                    + "{\"role\":\"assistant\",\"content\":null,"
                    + "\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
                    + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},"
                    + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"{\\\"temp_c\\\":18}\"},"
                    + "{\"role\":\"assistant\",\"content\":\"It is 18 degrees.\"}],"
                    + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"description\":"
                    + "\"Current weather\",\"parameters\":" + params + "}}],"
                    + "\"tool_choice\":\"auto\",\"temperature\":0.5,\"max_tokens\":256}";
            assertThat(seen.json(), is(new ObjectMapper().readTree(expected)));
        }
    }

    @Test
    void namesAForcedFunctionAndOmitsToolFieldsWithoutTools() throws Exception {
        JsonNode params = new ObjectMapper().readTree("{\"type\":\"object\"}");
        collect(model().stream(hello().withTools(List.of(new ToolSpec("hang_up", "End the call", params)),
                                                 Optional.of("hang_up")).withMaxOutputTokens(64)));
        collect(model().stream(hello().withTools(List.of(), Optional.of("required"))));

        RecordedChatRequest forced = fake.awaitRequest(WAIT);
        assertThat(forced.json().path("tool_choice").toString(),
                   is("{\"type\":\"function\",\"function\":{\"name\":\"hang_up\"}}"));
        assertThat(forced.json().path("max_completion_tokens").asInt(), is(64));
        assertThat(forced.header("Authorization"), is(Optional.empty()));
        RecordedChatRequest plain = fake.awaitRequest(WAIT);
        List<String> fields = List.copyOf(iterable(plain.json().fieldNames()));
        assertThat(fields, contains("model", "stream", "stream_options", "messages"));
        List<String> roles = List.of(plain.messages().get(0).path("role").asText(),
                                     plain.messages().get(1).path("role").asText());
        assertThat(roles, contains("system", "user"));
    }

    @Test
    void joinsBaseUrlsWithOrWithoutSlashAndKeepsQuery() {
        assertThat(OpenAiCompatibleChatModel.endpoint(URI.create("https://api.groq.com/openai/v1")),
                   is(URI.create("https://api.groq.com/openai/v1/chat/completions")));
        assertThat(OpenAiCompatibleChatModel.endpoint(URI.create("http://127.0.0.1:8000/v1//")),
                   is(URI.create("http://127.0.0.1:8000/v1/chat/completions")));
        assertThat(OpenAiCompatibleChatModel.endpoint(URI.create("https://x.example/openai/v1?api-version=1")),
                   is(URI.create("https://x.example/openai/v1/chat/completions?api-version=1")));
        assertThat(model().name(), is("fake"));
    }

    private OpenAiCompatibleChatModel model() {
        return OpenAiCompatibleChatModel.create(LlmSettings.of("fake", fake.baseUrl(), Optional.empty(), "fake-model"),
                                                client);
    }

    private static <T> List<T> iterable(Iterator<T> iterator) {
        List<T> list = new ArrayList<>();
        iterator.forEachRemaining(list::add);
        return list;
    }
}

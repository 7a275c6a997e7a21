package dev.realtime.admin;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.realtime.llm.FakeChatScript;
import dev.realtime.llm.FakeChatServer;
import dev.realtime.llm.RecordedChatRequest;
import dev.realtime.testing.EngineExtension;
import dev.realtime.testing.Events;
import dev.realtime.testing.TestEngine;
import dev.realtime.testing.WsTestClient;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

/**
 * The config API cannot send a kept secret to a host it was not configured for: a capture server stands in for a
 * foreign host, every way round the redaction is tried, and a turn is run after each so that any key that would
 * leave would arrive there.
 */
class ConfigSecretsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String STORED_KEY = "fake-upstream-key";
    private static final String SHOP_SECRET = "shop-secret-value";
    private FakeChatServer home;
    private FakeChatServer capture;

    @RegisterExtension
    final EngineExtension engine = EngineExtension.starting(fakes -> {
        home = fakes.start(FakeChatServer::start);
        capture = fakes.start(FakeChatServer::start);
        return TestEngine.withRuntimeYaml(home.baseUrl(), "tools:\n" + tool(home.baseUrl("/shop"), "SHOP_TOKEN"),
                                          Map.of("SHOP_TOKEN", SHOP_SECRET));
    });

    private static String tool(URI url, String variable) {
        return "  - name: lookup\n    description: Looks an order up\n"
                + "    parameters: {type: object, properties: {}}\n    method: GET\n    url: " + url + "/orders\n"
                + "    headers: {Authorization: \"Bearer ${" + variable + "}\"}\n";
    }

    private static String toolJson(URI url, String variable) {
        return "{\"tools\":[{\"name\":\"lookup\",\"description\":\"Looks an order up\","
                + "\"parameters\":{\"type\":\"object\",\"properties\":{}},\"method\":\"GET\",\"url\":\"" + url
                + "/orders\",\"headers\":{\"Authorization\":\"Bearer ${" + variable + "}\"}}]}";
    }

    private HttpResponse<String> put(String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(engine.httpUri() + "/config"))
                                 .header("Authorization", "Bearer " + TestEngine.API_KEY)
                                 .PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                         HttpResponse.BodyHandlers.ofString());
    }

    private void refused(String body, String path) throws Exception {
        HttpResponse<String> r = put(body);
        assertThat(r.body(), r.statusCode(), is(400));
        JsonNode problems = MAPPER.readTree(r.body()).path("problems");
        assertThat(r.body(), problems.get(0).path("path").asText(), is(path));
    }

    /** One turn in which the model calls the server tool, so both the LLM and the tool are called. */
    private void turnWithToolCall(FakeChatServer llm) throws Exception {
        llm.enqueue(FakeChatScript.toolCall("call_1", "lookup", "{}"), FakeChatScript.text("done"));
        try (WsTestClient c = WsTestClient.connect(engine.wsUri(), engine.token())) {
            c.await("session.created");
            c.send(Events.userText("where is my order?"));
            c.send(Events.responseCreate());
            c.await("response.done");
        }
    }

    private static List<String> authorizations(FakeChatServer server) {
        return server.requests().stream().map(r -> r.header("Authorization").orElse("")).toList();
    }

    @Test
    void noWayRoundTheRedactionSendsAKeptSecretToAnotherHost() throws Exception {
        String before = Files.readString(engine.runtimeFile());
        refused("{\"llm\":{\"openai_compatible\":{\"base_url\":\"" + capture.baseUrl() + "\",\"api_key\":\"***\"}}}",
                "llm.openai_compatible.base_url");
        refused("{\"presets\":{\"elsewhere\":{\"llm\":{\"openai_compatible\":{\"base_url\":\"" + capture.baseUrl()
                        + "\"}}}}}", "presets.elsewhere.llm.openai_compatible.base_url");
        refused(toolJson(capture.baseUrl("/shop"), "SHOP_TOKEN"), "tools[0].headers");
        refused(toolJson(home.baseUrl("/shop"), "OPENAI_COMPATIBLE_API_KEY"), "tools[0].headers");
        assertThat(Files.readString(engine.runtimeFile()), is(before));

        turnWithToolCall(home);
        assertThat(capture.requests(), is(empty()));
        assertThat(authorizations(home), is(List.of("Bearer " + STORED_KEY, "Bearer " + SHOP_SECRET,
                                                    "Bearer " + STORED_KEY)));
    }

    @Test
    void aNewHostWithItsOwnKeyInTheSameRequestIsTaken() throws Exception {
        HttpResponse<String> r = put("{\"llm\":{\"openai_compatible\":{\"base_url\":\"" + capture.baseUrl()
                                             + "\",\"api_key\":\"key-for-the-new-host\"}}}");
        assertThat(r.body(), r.statusCode(), is(200));
        HttpResponse<String> same = put("{\"llm\":{\"openai_compatible\":{\"base_url\":\"" + capture.baseUrl()
                                                + "\"}}}");
        assertThat("setting the host it already has moves nothing", same.statusCode(), is(200));
        turnWithToolCall(capture);
        RecordedChatRequest first = capture.requests().getFirst();
        assertThat(first.header("Authorization").orElse(""), is("Bearer key-for-the-new-host"));
        assertThat(authorizations(capture).stream().noneMatch(a -> a.contains(STORED_KEY)), is(true));
    }

    @Test
    void aToolCannotTakeItsHostFromTheModelsArguments() throws Exception {
        HttpResponse<String> r = put("{\"tools\":[{\"name\":\"fetch\",\"description\":\"d\",\"parameters\":"
                + "{\"type\":\"object\",\"properties\":{\"host\":{\"type\":\"string\"}}},\"method\":\"GET\","
                + "\"url\":\"http://{host}/x\"}]}");
        assertThat(r.body(), r.statusCode(), is(400));
        assertThat(r.body(), containsString("placeholders may only be in the path and query"));
    }
}

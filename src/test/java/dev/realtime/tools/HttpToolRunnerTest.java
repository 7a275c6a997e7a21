package dev.realtime.tools;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/** What goes out: URL, query, body and headers of the request a call makes. */
class HttpToolRunnerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);
    private FakeToolServer server;
    private HttpToolRunner runner;

    @BeforeEach
    void start() {
        server = FakeToolServer.start();
        runner = HttpToolRunner.create(HttpClient.newHttpClient(), Map.of("TOOL_TOKEN", "s3cret", "BROKEN", "a\nb"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ServerTool tool(String method, String path, Map<String, String> headers) throws Exception {
        return new ServerTool("lookup", "Looks up", JSON.readTree("{\"type\":\"object\"}"), method,
                              server.baseUrl() + path, headers, WAIT);
    }

    private static JsonNode args(String json) throws Exception {
        return JSON.readTree(json);
    }

    @Test
    void getFillsTheUrlAddsTheRestAsQueryAndSendsSecrets() throws Exception {
        server.json("/orders/A%2017", "{\"status\":\"shipped\"}");
        ToolResult result = runner.run(tool("GET", "/orders/{id}?lang=en", Map.of("Authorization",
                                                                                 "Bearer ${TOOL_TOKEN}")),
                                       args("{\"id\":\"A 17\",\"verbose\":true,\"tags\":[\"a\",\"b c\"]}"));
        assertThat(result, is(new ToolResult(true, "{\"status\":\"shipped\"}")));
        FakeToolServer.Recorded request = server.awaitRequest(WAIT);
        assertThat(request.method(), is("GET"));
        assertThat(request.target(), is("/orders/A%2017?lang=en&verbose=true&tags=a&tags=b%20c"));
        assertThat(request.header("authorization"), is("Bearer s3cret"));
        assertThat(request.header("accept"), is("application/json"));
        assertThat(request.body(), is(""));
    }

    @Test
    void deleteAlsoSendsArgumentsAsQuery() throws Exception {
        server.status("/orders/7", 204, "");
        ToolResult result = runner.run(tool("DELETE", "/orders/{id}", Map.of()), args("{\"id\":7,\"force\":false}"));
        assertThat(result, is(new ToolResult(true, "{\"ok\":true}")));
        FakeToolServer.Recorded request = server.awaitRequest(WAIT);
        assertThat(request.method(), is("DELETE"));
        assertThat(request.target(), is("/orders/7?force=false"));
    }

    @Test
    void bodyMethodsSendTheWholeArgumentsAsJson() throws Exception {
        server.status("/tables/4", 201, "");
        for (String method : new String[] {"POST", "PUT", "PATCH"}) {
            JsonNode arguments = args("{\"table\":4,\"name\":\"Zoë\",\"extras\":{\"chairs\":[1,2]}}");
            ToolResult result = runner.run(tool(method, "/tables/{table}", Map.of()), arguments);
            assertThat(result, is(new ToolResult(true, "{\"ok\":true}")));
            FakeToolServer.Recorded request = server.awaitRequest(WAIT);
            assertThat(request.method(), is(method));
            assertThat("no query for a body method", request.target(), is("/tables/4"));
            assertThat(request.header("content-type"), is("application/json"));
            assertThat(JSON.readTree(request.body()), is(arguments));
        }
    }

    @Test
    void configuredAcceptAndContentTypeAreKept() throws Exception {
        server.json("/v", "{}");
        runner.run(tool("POST", "/v", Map.of("accept", "text/plain", "Content-Type", "application/vnd.x+json")),
                   args("{}"));
        FakeToolServer.Recorded request = server.awaitRequest(WAIT);
        assertThat(request.header("accept"), is("text/plain"));
        assertThat(request.header("content-type"), is("application/vnd.x+json"));
    }

    @Test
    void missingPlaceholderArgumentMakesNoRequest() throws Exception {
        ToolResult result = runner.run(tool("GET", "/orders/{id}", Map.of()), args("{\"other\":1}"));
        assertThat(result.ok(), is(false));
        assertThat(JSON.readTree(result.output()).path("error").asText(),
                   is("lookup was not called: argument 'id' is required by the URL"));
        // run() returns only after any request it made was answered, and the fake records before answering
        assertThat(server.pending(), is(0));
    }

    @Test
    void headerValueTheClientRefusesIsAnErrorWithoutTheValue() throws Exception {
        ToolResult result = runner.run(tool("GET", "/x", Map.of("X-Key", "k ${BROKEN}")), args("{}"));
        assertThat(result.ok(), is(false));
        assertThat(JSON.readTree(result.output()).path("error").asText(),
                   is("lookup was not called: header X-Key has a value the HTTP client refuses"));
        assertThat(result.output(), not(containsString("a\\nb")));
        assertThat(server.pending(), is(0));
    }
}

package dev.realtime.tools;

import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

class HttpToolRunnerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);
    private FakeToolServer server;
    private HttpToolRunner runner;

    @BeforeEach
    void start() {
        server = FakeToolServer.start();
        runner = HttpToolRunner.create(HttpClient.newHttpClient(), Map.of("TOOL_TOKEN", "s3cret"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ServerTool tool(String method, String path, Duration timeout) throws Exception {
        return new ServerTool("lookup", "Looks up", JSON.readTree("{\"type\":\"object\"}"), method,
                              server.baseUrl() + path, Map.of("Authorization", "Bearer ${TOOL_TOKEN}"), timeout);
    }

    private static JsonNode args(String json) throws Exception {
        return JSON.readTree(json);
    }

    @Test
    void getFillsTheUrlSendsSecretsAndReturnsTheBody() throws Exception {
        server.json("/orders/7", "{\"status\":\"shipped\"}");
        ToolResult result = runner.run(tool("GET", "/orders/{id}", WAIT), args("{\"id\":7,\"verbose\":true}"));
        assertThat(result, is(new ToolResult(true, "{\"status\":\"shipped\"}")));
        FakeToolServer.Recorded request = server.awaitRequest(WAIT);
        assertThat(request.method(), is("GET"));
        assertThat(request.target(), is("/orders/7?verbose=true"));
        assertThat(request.header("authorization"), is("Bearer s3cret"));
        assertThat(request.header("accept"), is("application/json"));
    }

    @Test
    void postSendsTheArgumentsAsJson() throws Exception {
        server.answer("/book", new FakeToolServer.Answer.Reply(201, "", Duration.ZERO));
        ToolResult result = runner.run(tool("POST", "/book", WAIT), args("{\"table\":4,\"name\":\"Ada\"}"));
        assertThat(result, is(new ToolResult(true, "{\"ok\":true}")));
        FakeToolServer.Recorded request = server.awaitRequest(WAIT);
        assertThat(request.header("content-type"), is("application/json"));
        assertThat(JSON.readTree(request.body()), is(args("{\"table\":4,\"name\":\"Ada\"}")));
    }

    @Test
    void errorStatusBecomesAnErrorForTheModel() throws Exception {
        server.answer("/down", new FakeToolServer.Answer.Reply(503, "{\"message\":\"maintenance\"}", Duration.ZERO));
        ToolResult result = runner.run(tool("GET", "/down", WAIT), args("{}"));
        assertThat(result.ok(), is(false));
        JsonNode error = JSON.readTree(result.output());
        assertThat(error.path("error").asText(), is("HTTP 503 from lookup"));
        assertThat(error.path("body").asText(), containsString("maintenance"));
    }

    @Test
    void slowToolTimesOut() throws Exception {
        server.answer("/slow", new FakeToolServer.Answer.Reply(200, "{}", Duration.ofSeconds(5)));
        ToolResult result = runner.run(tool("GET", "/slow", Duration.ofMillis(200)), args("{}"));
        assertThat(result.ok(), is(false));
        assertThat(JSON.readTree(result.output()).path("error").asText(), is("lookup timed out after 200 ms"));
    }

    @Test
    void refusedConnectionIsAnError() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0)) {
            port = closed.getLocalPort();
        }
        ServerTool tool = new ServerTool("lookup", "x", JSON.readTree("{\"type\":\"object\"}"), "GET",
                                         "http://127.0.0.1:" + port + "/x", Map.of(), WAIT);
        ToolResult result = runner.run(tool, args("{}"));
        assertThat(result.ok(), is(false));
        assertThat(JSON.readTree(result.output()).path("error").asText(), containsString("lookup failed"));
    }

    @Test
    void longAnswerIsCapped() throws Exception {
        server.json("/big", "\"" + "x".repeat(40_000) + "\"");
        ToolResult result = runner.run(tool("GET", "/big", WAIT), args("{}"));
        assertThat(result.output().length(), lessThan(HttpToolRunner.MAX_OUTPUT_CHARS + 100));
        assertThat(result.output(), containsString("[truncated"));
    }

    @Test
    void interruptAbortsTheRequestInFlight() throws Exception {
        server.answer("/hold", new FakeToolServer.Answer.Hold());
        ServerTool tool = tool("GET", "/hold", Duration.ofSeconds(30));
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                runner.run(tool, JSON.createObjectNode());
                outcome.complete(null);
            } catch (RuntimeException e) {
                outcome.complete(e);
            }
        });
        server.awaitRequest(WAIT);
        caller.interrupt();
        assertThat(outcome.get(10, TimeUnit.SECONDS) instanceof ToolCancelledException, is(true));
        assertThat("the tool server saw the client go away", server.awaitAbort(WAIT), is(true));
    }
}

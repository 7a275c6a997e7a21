package dev.realtime.tools;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.realtime.upstream.FailureKind;
import dev.realtime.upstream.Fault;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

/** What comes back: the result the model is given for each way a tool can answer, or not answer. */
class HttpToolResultTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);
    private FakeToolServer server;
    private HttpToolRunner runner;

    @BeforeEach
    void start() {
        server = FakeToolServer.start();
        runner = HttpToolRunner.create(HttpClient.newHttpClient(), Map.of());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ServerTool tool(String url, Duration timeout) throws Exception {
        return new ServerTool("lookup", "Looks up", JSON.readTree("{\"type\":\"object\"}"), "GET", url, Map.of(),
                              timeout);
    }

    private ToolResult call(String path) throws Exception {
        return runner.run(tool(server.baseUrl() + path, WAIT), JSON.createObjectNode());
    }

    private static JsonNode output(ToolResult result) throws Exception {
        return JSON.readTree(result.output());
    }

    @Test
    void successBodyIsGivenAsUtf8Text() throws Exception {
        server.json("/w", "{\"city\":\"Zürich\",\"sky\":\"☀\"}");
        assertThat(call("/w"), is(new ToolResult(true, "{\"city\":\"Zürich\",\"sky\":\"☀\"}")));
    }

    @Test
    void errorStatusGivesTheStatusAndTheStartOfTheBody() throws Exception {
        server.status("/down", 500, "{\"message\":\"" + "x".repeat(2000) + "\"}");
        ToolResult result = call("/down");
        assertThat(result.ok(), is(false));
        JsonNode error = output(result);
        assertThat(error.path("error").asText(), is("HTTP 500 from lookup"));
        assertThat(error.path("body").asText(), is("{\"message\":\"" + "x".repeat(500 - 12)));
        assertThat(error.size(), is(2));
        assertThat(result.fault().orElseThrow().kind(), is(FailureKind.SERVER_ERROR));
        assertThat(result.fault().orElseThrow().status(), is(OptionalInt.of(500)));
    }

    @Test
    void slowToolTimesOutAtItsOwnTimeout() throws Exception {
        server.delayed("/slow", Duration.ofSeconds(5), "{}");
        long start = System.nanoTime();
        ToolResult result = runner.run(tool(server.baseUrl() + "/slow", Duration.ofMillis(200)),
                                       JSON.createObjectNode());
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), lessThan(4000L));
        assertThat(result, is(new ToolResult(false, "{\"error\":\"lookup timed out after 200 ms\"}",
                                             Optional.of(Fault.of(FailureKind.TIMEOUT, "no answer within 200 ms")))));
    }

    @Test
    void refusedConnectionIsAFailure() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        ToolResult result = runner.run(tool("http://127.0.0.1:" + port + "/x", WAIT), JSON.createObjectNode());
        assertThat(result.ok(), is(false));
        assertThat(output(result).path("error").asText(), is("lookup failed: cannot connect to 127.0.0.1:" + port));
        assertThat(result.fault(), is(Optional.of(Fault.of(FailureKind.UNREACHABLE, "connection refused"))));
    }

    @Test
    void longAnswerIsCappedAtAWholeCharacter() throws Exception {
        // 'é' is two bytes in UTF-8; one leading byte puts the cap in the middle of one
        server.json("/big", "a" + "é".repeat(20_000));
        ToolResult result = call("/big");
        assertThat(result.ok(), is(true));
        String output = result.output();
        int marker = output.indexOf("\n…[truncated");
        assertThat("one byte of 'a', then as many whole 'é' as fit", marker,
                   is(1 + (HttpToolRunner.MAX_OUTPUT_BYTES - 1) / 2));
        assertThat(output.substring(1, marker).chars().allMatch(c -> c == 'é'), is(true));
        assertThat(output, endsWith("longer than 16384 bytes]"));
    }

    @Test
    void answerOfExactlyTheCapIsNotTruncated() throws Exception {
        String body = "y".repeat(HttpToolRunner.MAX_OUTPUT_BYTES);
        server.json("/exact", body);
        assertThat(call("/exact"), is(new ToolResult(true, body)));
    }

    @Test
    void interruptAbortsTheRequestInFlight() throws Exception {
        server.hold("/hold");
        ServerTool tool = tool(server.baseUrl() + "/hold", Duration.ofSeconds(30));
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        CompletableFuture<Boolean> stillInterrupted = new CompletableFuture<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                thrown.complete(new AssertionError("returned " + runner.run(tool, JSON.createObjectNode())));
            } catch (RuntimeException e) {
                thrown.complete(e);
            }
            stillInterrupted.complete(Thread.currentThread().isInterrupted());
        });
        server.awaitRequest(WAIT);
        caller.interrupt();
        assertThat(thrown.get(10, TimeUnit.SECONDS), instanceOf(ToolCancelledException.class));
        assertThat("the interrupt is kept for the caller", stillInterrupted.get(10, TimeUnit.SECONDS), is(true));
        assertThat("the tool server saw the client go away", server.awaitAbort(WAIT), is(true));
    }
}

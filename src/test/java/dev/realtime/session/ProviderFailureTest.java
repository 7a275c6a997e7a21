package dev.realtime.session;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.realtime.llm.FakeChatScript;
import dev.realtime.llm.FakeChatServer;
import dev.realtime.protocol.AudioFormat;
import dev.realtime.stt.openai.FakeTranscriptionServer;
import dev.realtime.testing.EngineExtension;
import dev.realtime.testing.Events;
import dev.realtime.testing.LogCapture;
import dev.realtime.testing.Metrics;
import dev.realtime.testing.SpeechFixture;
import dev.realtime.testing.TestEngine;
import dev.realtime.testing.WsTestClient;
import dev.realtime.tools.FakeToolServer;
import dev.realtime.tts.openai.FakeSpeechServer;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * A provider failing inside a response is visible: the client gets an {@code error} with {@code upstream_<kind>}
 * and a message naming the provider and what happened (never a Java class name), the response ends failed, the
 * operator gets one WARNING line with the session id and one count in {@code realtime_provider_errors_total}, and
 * the next response works.
 */
class ProviderFailureTest {
    private static final String PROVIDER = "openai-compatible";
    private static final String TEXT_ONLY = Events.textOnly().toString();
    private static final String ASK = Events.userText("Hello?").toString();

    private static FakeChatServer llm;
    private static FakeSpeechServer speech;
    private static FakeTranscriptionServer stt;
    private static FakeToolServer tools;
    private static LogCapture log;

    @RegisterExtension
    static final EngineExtension engine = EngineExtension.starting(fakes -> {
        llm = fakes.start(FakeChatServer::start);
        speech = fakes.start(FakeSpeechServer::start);
        stt = fakes.start(FakeTranscriptionServer::start);
        tools = fakes.start(FakeToolServer::start);
        tools.answer("/down", new FakeToolServer.Answer.Reply(503, "{\"message\":\"maintenance\"}", Duration.ZERO));
        return TestEngine.withRuntimeYaml(llm.baseUrl(), """
                tools:
                  - name: flaky
                    description: Fails
                    parameters: {type: object, properties: {}}
                    url: %s/down
                """.formatted(tools.baseUrl()), Map.of(
                "LLM_MAX_RETRIES", "0",
                "STT_PROVIDER", PROVIDER, "STT_BASE_URL", stt.baseUrl().toString(),
                "TTS_PROVIDER", PROVIDER, "TTS_BASE_URL", speech.baseUrl().toString()));
    });

    @BeforeAll
    static void start() {
        log = LogCapture.install(); // after the server started: its logging set-up resets the root handlers
    }

    @AfterAll
    static void stop() {
        log.close();
    }

    @Test
    void speechFailureFailsTheResponseVisiblyAndTheNextOneSpeaks() throws Exception {
        String before = Metrics.scrape(engine);
        speech.failNext(500, "{\"error\":{\"message\":\"fake provider: injected 500\"}}");
        llm.enqueue(FakeChatScript.text("Hello there."), FakeChatScript.text("Hello again."));
        try (WsTestClient c = session()) {
            String sessionId = c.await("session.created").path("session").path("id").asText();
            List<JsonNode> failed = respond(c);
            assertFailed(failed, "upstream_server_error",
                         PROVIDER + " speak failed: HTTP 500: fake provider: injected 500");
            assertThat(log.warnings(sessionId, "provider=" + PROVIDER, "operation=speak", "kind=server_error",
                                    "status=500").size(), is(1));
            assertThat(log.warnings(sessionId).size(), is(1));
            assertThat(Metrics.providerErrorsAdded(before, Metrics.scrape(engine), PROVIDER, "speak",
                                                   "server_error"), is(1.0));

            List<JsonNode> next = respond(c);
            assertThat(status(next), is("completed"));
            assertThat(types(next), hasItem("response.output_audio.delta"));
        }
    }

    @Test
    void modelFailureFailsTheResponseVisiblyAndTheNextOneAnswers() throws Exception {
        String before = Metrics.scrape(engine);
        llm.enqueue(FakeChatScript.error(401, FakeChatScript.openAiErrorBody("Incorrect API key provided",
                                                                             "invalid_request_error",
                                                                             "invalid_api_key")),
                    FakeChatScript.text("Fine now."));
        try (WsTestClient c = session()) {
            String sessionId = c.await("session.created").path("session").path("id").asText();
            assertFailed(respond(c), "upstream_auth_failed",
                         PROVIDER + " chat failed: HTTP 401: Incorrect API key provided");
            assertThat(log.warnings(sessionId, "provider=" + PROVIDER, "operation=chat", "kind=auth_failed",
                                    "status=401").size(), is(1));
            assertThat(log.warnings(sessionId).size(), is(1));
            assertThat(Metrics.providerErrorsAdded(before, Metrics.scrape(engine), PROVIDER, "chat", "auth_failed"),
                       is(1.0));
            assertThat(status(respond(c)), is("completed"));
        }
    }

    @Test
    void anUnreachableModelIsDescribedInWordsWithoutJavaClassNames() throws Exception {
        URI nowhere;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nowhere = URI.create("http://127.0.0.1:" + closed.getLocalPort() + "/v1");
        }
        try (TestEngine offline = TestEngine.withLlm(nowhere, Map.of("STT_PROVIDER", "none", "TTS_PROVIDER", "none"));
             LogCapture log = LogCapture.install();
             WsTestClient c = WsTestClient.connect(offline.wsUri(), offline.token())) {
            String sessionId = c.await("session.created").path("session").path("id").asText();
            c.send(ASK);
            c.await("conversation.item.done");
            c.send(Events.responseCreate());
            List<JsonNode> events = c.until("response.done");
            assertFailed(events, "upstream_unreachable", PROVIDER + " chat failed: connection refused");
            for (JsonNode event : events) {
                assertThat(event.toString(), not(containsString("java.")));
                assertThat(event.toString(), not(containsString("Exception")));
            }
            assertThat(log.warnings(sessionId, "operation=chat", "kind=unreachable", "cause=connection refused")
                               .size(), is(1));
        }
    }

    @Test
    void failingServerToolIsLoggedAndCountedAndTheModelHearsOfIt() throws Exception {
        String before = Metrics.scrape(engine);
        llm.enqueue(FakeChatScript.toolCall("call_f", "flaky", "{}"), FakeChatScript.text("The tool is down."));
        try (WsTestClient c = session()) {
            String sessionId = c.await("session.created").path("session").path("id").asText();
            c.send(TEXT_ONLY);
            c.await("session.updated");
            List<JsonNode> events = respond(c);
            assertThat(status(events), is("completed"));
            JsonNode messages = llm.requests().getLast().json().path("messages");
            assertThat(messages.get(messages.size() - 1).path("content").asText(),
                       containsString("HTTP 503 from flaky"));
            assertThat(log.warnings(sessionId, "provider=flaky", "operation=tool_call", "kind=server_error",
                                    "status=503").size(), is(1));
            assertThat(log.warnings(sessionId).size(), is(1));
            assertThat(Metrics.providerErrorsAdded(before, Metrics.scrape(engine), "flaky", "tool_call",
                                                   "server_error"), is(1.0));
        }
    }

    @Test
    void failedTranscriptionOfAnAnsweredTurnFailsItsResponseAndTheNextTurnIsAnswered() throws Exception {
        String before = Metrics.scrape(engine);
        stt.failNext(500, "{\"error\":{\"message\":\"fake provider: injected 500\"}}").script("What time is it?");
        llm.enqueue(FakeChatScript.text("It is noon."));
        try (WsTestClient c = session()) {
            String sessionId = c.await("session.created").path("session").path("id").asText();
            c.send(TEXT_ONLY);
            c.await("session.updated");
            List<JsonNode> events = speak(c);
            List<String> types = types(events);
            int created = types.indexOf("response.created");
            assertThat(types.toString(), created >= 0 && types.get(created + 1).equals("error")
                    && types.get(created + 2).equals("response.done"), is(true));
            assertFailed(events, "upstream_server_error",
                         PROVIDER + " transcribe failed: HTTP 500: fake provider: injected 500");
            assertThat(log.warnings(sessionId, "provider=" + PROVIDER, "operation=transcribe", "kind=server_error",
                                    "status=500").size(), is(1));
            assertThat(Metrics.providerErrorsAdded(before, Metrics.scrape(engine), PROVIDER, "transcribe",
                                                   "server_error"), is(1.0));

            List<JsonNode> next = speak(c);
            assertThat(status(next), is("completed"));
            assertThat(types(next).stream().filter("response.created"::equals).count(), is(1L));
        }
    }

    private static WsTestClient session() {
        return WsTestClient.connect(engine.wsUri(), engine.token());
    }

    private static List<JsonNode> respond(WsTestClient c) throws InterruptedException {
        c.send(ASK);
        c.await("conversation.item.done");
        c.send(Events.responseCreate());
        return c.until("response.done");
    }

    private static List<JsonNode> speak(WsTestClient c) throws IOException, InterruptedException {
        for (String append : SpeechFixture.load("what-time.wav").appends(AudioFormat.PCM16, 200, 1000)) {
            c.send(append);
        }
        return c.until("response.done");
    }

    private static void assertFailed(List<JsonNode> events, String code, String message) {
        JsonNode error = events.stream().filter(e -> e.path("type").asText().equals("error")).findFirst()
                .orElseThrow(() -> new AssertionError("no error event in " + types(events))).path("error");
        assertThat(error.path("type").asText(), is("server_error"));
        assertThat(error.path("code").asText(), is(code));
        assertThat(error.path("message").asText(), is(message));
        JsonNode done = events.getLast().path("response");
        assertThat(done.path("status").asText(), is("failed"));
        assertThat(done.path("status_details").path("error").path("code").asText(), is(code));
    }

    private static String status(List<JsonNode> events) {
        return events.getLast().path("response").path("status").asText();
    }

    private static List<String> types(List<JsonNode> events) {
        return events.stream().map(e -> e.path("type").asText()).toList();
    }
}

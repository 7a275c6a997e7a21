package dev.realtime.session;

import java.time.Duration;
import java.util.List;
import java.util.Map;

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
 * One active response per session, cancellation as a scope, and upstream failures that fail the response but
 * never the session.
 */
class ResponseLifecycleTest {
    private static final String USER_TEXT = Events.userText("Tell me a long story.").toString();

    @RegisterExtension
    static final EngineExtension engine = EngineExtension.withLlm(Map.of("LLM_RETRY_MAX_WAIT_MS", "1500",
                                                                         "LLM_IDLE_TIMEOUT_MS", "1000"));

    private static WsTestClient client() throws InterruptedException {
        WsTestClient c = WsTestClient.connect(engine.wsUri(), engine.token());
        c.await("session.created");
        c.send(USER_TEXT);
        c.await("conversation.item.done");
        return c;
    }

    private static long count(List<JsonNode> events, String type) {
        return events.stream().filter(e -> type.equals(e.path("type").asText())).count();
    }

    @Test
    void cancelAbortsUpstreamAndSendsExactlyOneCancelledDone() throws Exception {
        int before = engine.llm().disconnects();
        engine.llm().enqueue(FakeChatScript.sse().role().content("Once upon ").stall().build());
        try (WsTestClient c = client()) {
            c.send(Events.responseCreateText());
            c.await("response.output_text.delta");
            c.send(Events.responseCancel());
            List<JsonNode> events = c.until("response.done");
            JsonNode done = events.getLast().path("response");
            assertThat(done.path("status").asText(), is("cancelled"));
            assertThat(done.path("status_details").path("reason").asText(), is("client_cancelled"));
            assertThat(done.path("output").get(0).path("status").asText(), is("incomplete"));
            assertThat(done.path("output").get(0).path("content").get(0).path("text").asText(), is("Once upon "));
            assertThat(count(events, "response.output_text.done"), is(1L));
            assertThat(count(events, "response.output_item.done"), is(1L));
            assertThat(engine.llm().awaitDisconnects(before + 1, Duration.ofSeconds(5)), is(true));
            assertThat(c.drain(Duration.ofMillis(300)), is(List.of()));
            c.send(Events.responseCancel());
            JsonNode error = c.await("error").path("error");
            assertThat(error.path("code").asText(), is("response_cancel_not_active"));
        }
    }

    @Test
    void secondResponseWhileActiveIsAnErrorAndTheFirstGoesOn() throws Exception {
        engine.llm().enqueue(FakeChatScript.text(Duration.ofMillis(150), "slow ", "answer"));
        try (WsTestClient c = client()) {
            c.send(Events.responseCreate());
            String id = c.await("response.created").path("response").path("id").asText();
            c.send("{\"type\":\"response.create\",\"event_id\":\"second\"}");
            JsonNode error = c.await("error").path("error");
            assertThat(error.path("code").asText(), is("conversation_already_has_active_response"));
            assertThat(error.path("event_id").asText(), is("second"));
            assertThat(error.path("message").asText(), containsString(id));
            JsonNode done = c.await("response.done").path("response");
            assertThat(done.path("id").asText(), is(id));
            assertThat(done.path("status").asText(), is("completed"));
        }
    }

    @Test
    void upstreamAuthFailureFailsTheResponseNotTheSession() throws Exception {
        engine.llm().enqueue(FakeChatScript.error(401, FakeChatScript.openAiErrorBody("Invalid API Key",
                                                                              "invalid_request_error",
                                                                              "invalid_api_key")),
                     FakeChatScript.text("recovered"));
        try (WsTestClient c = client()) {
            c.send(Events.responseCreate());
            List<JsonNode> events = c.until("response.done");
            JsonNode error = events.stream().filter(e -> e.path("type").asText().equals("error")).findFirst()
                    .orElseThrow().path("error");
            assertThat(error.path("type").asText(), is("server_error"));
            assertThat(error.path("message").asText(), containsString("Invalid API Key"));
            JsonNode done = events.getLast().path("response");
            assertThat(done.path("status").asText(), is("failed"));
            assertThat(done.path("status_details").path("type").asText(), is("failed"));
            assertThat(done.path("status_details").path("error").path("code").asText(),
                       is(error.path("code").asText()));
            c.send(Events.responseCreate());
            assertThat(c.await("response.done").path("response").path("status").asText(), is("completed"));
        }
    }

    @Test
    void rateLimitBeforeFirstTokenIsRetriedHonouringRetryAfter() throws Exception {
        int before = engine.llm().requestCount();
        engine.llm().enqueue(FakeChatScript.error(429, FakeChatScript.openAiErrorBody("Rate limit reached", "tokens",
                                                                              "rate_limit_exceeded"),
                                          Map.of("retry-after", "0")),
                     FakeChatScript.text("after retry"));
        try (WsTestClient c = client()) {
            c.send(Events.responseCreate());
            JsonNode done = c.await("response.done").path("response");
            assertThat(done.path("status").asText(), is("completed"));
            assertThat(engine.llm().requestCount() - before, is(2));
            assertThat(c.types().contains("error"), is(false));
        }
    }

    @Test
    void serverErrorsAfterRetriesFailTheResponse() throws Exception {
        String body = FakeChatScript.openAiErrorBody("overloaded", "server_error", "overloaded");
        engine.llm().enqueue(FakeChatScript.error(503, body), FakeChatScript.error(503, body),
                     FakeChatScript.error(503, body));
        try (WsTestClient c = client()) {
            c.send(Events.responseCreate());
            JsonNode done = c.await("response.done").path("response");
            assertThat(done.path("status").asText(), is("failed"));
            assertThat(c.types().contains("error"), is(true));
        }
    }

    @Test
    void brokenStreamKeepsWhatWasSaidAndFails() throws Exception {
        // the connection drops a moment after the text, as a real network failure does (a cut in the same TCP
        // segment lets the JDK client discard the unread text with the error)
        engine.llm().enqueue(FakeChatScript.sse().role().content("Partial ").pause(Duration.ofMillis(200)).cut()
                                     .build());
        try (WsTestClient c = client()) {
            c.send(Events.responseCreateText());
            List<JsonNode> events = c.until("response.done");
            JsonNode done = events.getLast().path("response");
            assertThat(done.path("status").asText(), is("failed"));
            assertThat(events.stream().filter(e -> e.path("type").asText().equals("response.output_text.delta"))
                               .map(e -> e.path("delta").asText()).reduce("", String::concat), is("Partial "));
            assertThat(done.path("output").get(0).path("content").get(0).path("text").asText(), is("Partial "));
            assertThat(done.path("output").get(0).path("status").asText(), is("incomplete"));
        }
    }

    @Test
    void midStreamErrorPayloadFailsTheResponse() throws Exception {
        engine.llm().enqueue(FakeChatScript.sse().role().content("Hi").midStreamError("model crashed", "server_error")
                             .build());
        try (WsTestClient c = client()) {
            c.send(Events.responseCreate());
            JsonNode done = c.await("response.done").path("response");
            assertThat(done.path("status").asText(), is("failed"));
            assertThat(done.path("status_details").path("error").path("message").asText(),
                       containsString("model crashed"));
        }
    }

    @Test
    void stalledStreamTimesOut() throws Exception {
        engine.llm().enqueue(FakeChatScript.sse().role().content("Hm").stall().build());
        try (WsTestClient c = client()) {
            c.send(Events.responseCreate());
            JsonNode done = c.await("response.done").path("response");
            assertThat(done.path("status").asText(), is("failed"));
            assertThat(done.path("status_details").path("error").path("code").asText(), is("upstream_timeout"));
        }
    }

    @Test
    void lengthFinishIsIncomplete() throws Exception {
        engine.llm().enqueue(FakeChatScript.sse().role().content("Cut off").finish("length").usage(5, 2).done()
                                     .build());
        try (WsTestClient c = client()) {
            c.send(Events.responseCreate());
            JsonNode done = c.await("response.done").path("response");
            assertThat(done.path("status").asText(), is("incomplete"));
            assertThat(done.path("status_details").path("reason").asText(), is("max_output_tokens"));
        }
    }
}

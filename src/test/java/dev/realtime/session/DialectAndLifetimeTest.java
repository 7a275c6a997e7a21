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
import static org.hamcrest.Matchers.is;

/**
 * Dialect selection at the upgrade, session updates at any time, and a quiet client kept alive by server pings.
 */
class DialectAndLifetimeTest {
    @RegisterExtension
    static final EngineExtension engine = EngineExtension.withLlm(Map.of("HTTP_IDLE_TIMEOUT_MS", "1500",
                                                                         "WS_PING_INTERVAL_MS", "300"));

    @Test
    void betaHeaderSelectsBetaNames() throws Exception {
        engine.llm().enqueue(FakeChatScript.text("Beta ", "hello."));
        try (WsTestClient c = WsTestClient.connect(engine.wsUri(), Map.of("Authorization", "Bearer " + engine.token(),
                                                                          "OpenAI-Beta", "realtime=v1"), List.of())) {
            JsonNode created = c.next();
            assertThat(created.path("type").asText(), is("session.created"));
            assertThat(created.path("session").has("modalities"), is(true));
            assertThat(created.path("session").path("voice").asText(), is("alloy"));
            c.send("{\"type\":\"session.update\",\"session\":{\"modalities\":[\"text\"]}}");
            assertThat(c.await("session.updated").path("session").path("modalities").toString(), is("[\"text\"]"));
            c.send(Events.userText("hi"));
            assertThat(c.next().path("type").asText(), is("conversation.item.created"));
            c.send(Events.responseCreate());
            List<String> types = c.until("response.done").stream().map(e -> e.path("type").asText()).toList();
            assertThat(types, is(List.of("response.created", "response.output_item.added",
                                         "conversation.item.created", "response.content_part.added",
                                         "response.text.delta", "response.text.delta", "response.text.done",
                                         "response.content_part.done", "response.output_item.done",
                                         "response.done")));
        }
    }

    @Test
    void betaSubprotocolSelectsBeta() throws Exception {
        try (WsTestClient c = WsTestClient.connect(engine.wsUri(), Map.of(), List.of(
                "realtime", "openai-insecure-api-key." + engine.token(), "openai-beta.realtime-v1"))) {
            assertThat(c.subprotocol(), is("realtime"));
            JsonNode session = c.next().path("session");
            assertThat(session.has("input_audio_format"), is(true));
            assertThat(session.has("type"), is(false));
        }
    }

    @Test
    void sessionUpdateSentBeforeSessionCreatedIsAnswered() throws Exception {
        try (WsTestClient c = WsTestClient.connect(engine.wsUri(), engine.token())) {
            c.send("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"instructions\":\"Early.\","
                           + "\"audio\":{\"input\":{\"turn_detection\":{\"type\":\"semantic_vad\"}}}}}");
            assertThat(c.next().path("type").asText(), is("session.created"));
            JsonNode session = c.next().path("session");
            assertThat(session.path("instructions").asText(), is("Early."));
            JsonNode td = session.path("audio").path("input").path("turn_detection");
            assertThat(td.path("type").asText(), is("semantic_vad"));
            assertThat(td.path("interrupt_response").asBoolean(), is(true));
            assertThat(session.path("audio").path("output").path("voice").asText(), is("marin"));
        }
    }

    @Test
    void quietClientIsKeptAliveByServerPings() throws Exception {
        try (WsTestClient c = WsTestClient.connect(engine.wsUri(), engine.token())) {
            c.await("session.created");
            // three idle timeouts without a single client frame: only the server's pings (and the client's
            // automatic pongs) cross the connection
            assertThat(c.closedWithin(Duration.ofMillis(4500)), is(false));
            c.send(Events.clear());
            assertThat(c.await("input_audio_buffer.cleared").path("type").asText(),
                       is("input_audio_buffer.cleared"));
        }
    }
}

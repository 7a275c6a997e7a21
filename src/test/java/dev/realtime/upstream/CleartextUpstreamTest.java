package dev.realtime.upstream;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.realtime.protocol.AudioFormat;
import dev.realtime.testing.EngineExtension;
import dev.realtime.testing.Events;
import dev.realtime.testing.SpeechFixture;
import dev.realtime.testing.TestEngine;
import dev.realtime.testing.WsTestClient;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

/**
 * The engine as configured in production against a cleartext gateway that refuses any request carrying
 * {@code Upgrade} (as the provider simulator and gateways that also proxy WebSocket APIs do): the model, a server
 * tool, speech and transcription all work, because every request is plain HTTP/1.1 without an {@code h2c} upgrade.
 */
class CleartextUpstreamTest {
    private static NoUpgradeGateway gateway;

    @RegisterExtension
    static final EngineExtension engine = EngineExtension.starting(fakes -> {
        gateway = fakes.start(NoUpgradeGateway::start);
        String base = gateway.baseUrl().toString();
        return TestEngine.withRuntimeYaml(gateway.baseUrl(), """
                tools:
                  - name: gateway_tool
                    description: Asks the gateway
                    parameters: {type: object, properties: {}}
                    url: %s/tools/ask
                """.formatted(base), Map.of("STT_PROVIDER", "openai-compatible", "STT_BASE_URL", base,
                                            "TTS_PROVIDER", "openai-compatible", "TTS_BASE_URL", base));
    });

    @Test
    void modelToolAndSpeechGoOverPlainHttp11() throws Exception {
        try (WsTestClient c = WsTestClient.connect(engine.wsUri(), engine.token())) {
            c.await("session.created");
            c.send(Events.userText("Ask the gateway."));
            c.await("conversation.item.done");
            c.send(Events.responseCreate());
            List<JsonNode> events = c.until("response.done");
            JsonNode response = events.getLast().path("response");
            assertThat(response.path("status").asText() + ": " + response.path("status_details"),
                       response.path("status").asText(), is("completed"));
            List<String> types = events.stream().map(e -> e.path("type").asText()).toList();
            assertThat(types, hasItem("response.output_audio.delta"));
            List<JsonNode> added = events.stream()
                    .filter(e -> e.path("type").asText().equals("conversation.item.added")).map(e -> e.path("item"))
                    .toList();
            assertThat(added.get(0).path("type").asText(), is("function_call"));
            assertThat(added.get(1).path("output").asText(), is("{\"answer\":\"from the tool\"}"));
            assertThat(response.path("output").get(0).path("content").get(0).path("transcript").asText(),
                       is(NoUpgradeGateway.ANSWER));
        }
        assertPlainHttp11("/v1/chat/completions", "/v1/tools/ask", "/v1/audio/speech");
    }

    @Test
    void transcriptionGoesOverPlainHttp11() throws Exception {
        try (WsTestClient c = WsTestClient.connect(engine.wsUri(), engine.token())) {
            c.await("session.created");
            c.send(Events.sessionUpdate().with("session.audio.input.turn_detection", null)
                           .with("session.audio.input.transcription.model", "whisper-1"));
            c.await("session.updated");
            for (String append : SpeechFixture.load("weather.wav").appends(AudioFormat.PCM16, 200, 300)) {
                c.send(append);
            }
            c.send(Events.commit());
            JsonNode done = c.await(e -> e.path("type").asText().startsWith(
                    "conversation.item.input_audio_transcription.") && !e.path("type").asText().endsWith(".delta"),
                                    "the transcription's result");
            assertThat(done.toString(), done.path("transcript").asText(), is(NoUpgradeGateway.TRANSCRIPT));
        }
        assertPlainHttp11("/v1/audio/transcriptions");
    }

    private static void assertPlainHttp11(String... paths) {
        List<NoUpgradeGateway.Request> requests = gateway.requests();
        assertThat(requests.stream().map(NoUpgradeGateway.Request::line).toList(), everyItem(endsWith(" HTTP/1.1")));
        assertThat(requests.stream().filter(NoUpgradeGateway.Request::upgrade).map(NoUpgradeGateway.Request::line)
                           .toList(), is(empty()));
        List<String> targets = requests.stream().map(r -> r.line().split(" ")[1]).toList();
        for (String path : paths) {
            assertThat(targets, hasItem(path));
        }
    }
}

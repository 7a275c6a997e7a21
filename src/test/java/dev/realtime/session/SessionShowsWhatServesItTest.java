package dev.realtime.session;

import java.net.URI;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.realtime.testing.TestEngine;
import dev.realtime.testing.WsTestClient;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * {@code session.created} shows what will serve the session: the voice its speech engine speaks with (not a name
 * the engine would map to something else) and the language model that answers (not the model the URL names).
 */
class SessionShowsWhatServesItTest {
    private static JsonNode created(TestEngine engine) throws Exception {
        try (WsTestClient c = WsTestClient.connect(URI.create(engine.wsUri() + "?model=gpt-realtime"),
                                                   engine.token())) {
            return c.await("session.created").path("session");
        }
    }

    @Test
    void deepgramSpeechShowsItsAuraVoice() throws Exception {
        // Deepgram connects at the first piece spoken, so no server is needed to open a session
        try (TestEngine engine = TestEngine.start(Map.of("DEEPGRAM_API_KEY", "dg-key", "STT_PROVIDER", "none",
                                                         "DEEPGRAM_TTS_MODEL", "aura-2-apollo-en"))) {
            JsonNode session = created(engine);
            assertThat(session.path("audio").path("output").path("voice").asText(), is("aura-2-apollo-en"));
            assertThat(session.path("model").asText(), is("offline"));
        }
    }

    @Test
    void anOpenAiCompatibleServerShowsItsConfiguredVoice() throws Exception {
        try (TestEngine engine = TestEngine.start(Map.of("TTS_PROVIDER", "openai-compatible",
                                                         "TTS_BASE_URL", "http://127.0.0.1:9/v1",
                                                         "TTS_VOICE", "af_heart", "STT_PROVIDER", "none"))) {
            assertThat(created(engine).path("audio").path("output").path("voice").asText(), is("af_heart"));
        }
    }
}

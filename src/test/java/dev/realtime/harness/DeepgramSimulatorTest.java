package dev.realtime.harness;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import dev.realtime.harness.FaultScenario.Stage;
import dev.realtime.harness.SimulatorRig.Turn;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;

/**
 * The engine against the independent provider simulator with Deepgram speech (listen WebSocket for STT, speak
 * WebSocket for TTS) and its OpenAI-compatible chat: a voice turn and a spoken text turn work, and each fault the
 * simulator applies on the speak socket ({@code drop}, {@code stall}, {@code hang}) fails that response alone; the
 * next spoken turn on the same session works.
 */
class DeepgramSimulatorTest {
    private static final Stage SPEAK = new Stage("deepgram", "speak", "ttsFault");
    private static SimulatorRig rig;

    @BeforeAll
    static void start() {
        rig = SimulatorRig.start(simulator -> Map.of(
                "STT_PROVIDER", "deepgram", "TTS_PROVIDER", "deepgram", "DEEPGRAM_API_KEY", "any",
                "DEEPGRAM_BASE_URL", simulator.baseUrl().toString()));
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void voiceTurnIsHeardAndAnsweredThroughDeepgram() throws Exception {
        rig.run(session -> {
            long since = rig.simulator().lastCall();
            List<JsonNode> events = session.voiceTurn();
            Events.assertCompleted(events, true);
            String said = rig.simulator().config().path("sttText").asText();
            JsonNode transcribed = Events.first(events, "conversation.item.input_audio_transcription.completed");
            assertThat(transcribed.path("transcript").asText(), is(said));
            List<JsonNode> calls = rig.simulator().calls(since);
            assertThat(Simulated.lastUserMessage(calls), is(said));
            assertThat(calls.toString(), Simulated.count(calls, "speak-ws"), greaterThanOrEqualTo(1L));
            assertThat("the listen socket the turn went through", rig.simulator().calls().stream()
                    .filter(c -> "listen".equals(c.path("kind").asText()))
                    .anyMatch(c -> c.path("audioMsReceived").asDouble() > 0), is(true));
        });
    }

    @Test
    void textTurnIsSpokenThroughDeepgram() throws Exception {
        rig.run(session -> {
            long since = rig.simulator().lastCall();
            List<JsonNode> events = session.textTurn(true);
            Events.assertCompleted(events, true);
            assertThat(Simulated.spokenTranscript(events), is(rig.simulator().config().path("llmText").asText()));
            List<JsonNode> calls = rig.simulator().calls(since);
            assertThat(Simulated.lastUserMessage(calls), is(SimulatorSession.USER_TEXT));
            assertThat(calls.toString(), Simulated.count(calls, "speak-ws"), greaterThanOrEqualTo(1L));
        });
    }

    /** The speak socket's faults; the next turn is spoken, so listen and speak both work after the failure. */
    @TestFactory
    Stream<DynamicTest> speakSocketFaultsFailOneResponse() {
        return Stream.of(new FaultScenario(SPEAK, "drop", Optional.empty(), Turn.SPOKEN_TEXT, Turn.VOICE),
                         new FaultScenario(SPEAK, "stall", Optional.of("timeout"), Turn.SPOKEN_TEXT, Turn.VOICE)
                                 .saying(SimulatorRig.SPEECH_IDLE_MS + " ms while waiting for more audio"),
                         // the simulator's speak socket hangs like it stalls: one chunk of audio, then nothing
                         new FaultScenario(SPEAK, "hang", Optional.of("timeout"), Turn.SPOKEN_TEXT, Turn.VOICE)
                                 .saying(SimulatorRig.SPEECH_IDLE_MS + " ms while waiting for more audio"))
                .map(s -> DynamicTest.dynamicTest(s.toString(), () -> rig.run(session -> s.run(rig, session))));
    }
}

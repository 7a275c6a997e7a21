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
import static org.hamcrest.Matchers.is;

/**
 * The engine against the independent provider simulator with every stage OpenAI-compatible (chat completions,
 * {@code /audio/transcriptions}, {@code /audio/speech}): a text turn and a voice turn work, and each fault the
 * simulator injects into each stage fails that turn alone, visibly, on one session that goes on.
 */
class OpenAiCompatibleSimulatorTest {
    private static final String PROVIDER = "openai-compatible";
    private static final Stage CHAT = new Stage(PROVIDER, "chat", "llmFault");
    private static final Stage TRANSCRIBE = new Stage(PROVIDER, "transcribe", "sttFault");
    private static final Stage SPEAK = new Stage(PROVIDER, "speak", "ttsFault");
    private static SimulatorRig rig;

    @BeforeAll
    static void start() {
        rig = SimulatorRig.start(simulator -> Map.of(
                "STT_PROVIDER", PROVIDER, "STT_BASE_URL", simulator.openAiBaseUrl().toString(), "STT_MODEL", "fake-stt",
                "TTS_PROVIDER", PROVIDER, "TTS_BASE_URL", simulator.openAiBaseUrl().toString(), "TTS_MODEL", "fake-tts",
                "TTS_VOICE", "alloy"));
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void textTurnIsAnsweredInSpeech() throws Exception {
        rig.run(session -> {
            long since = rig.simulator().lastCall();
            List<JsonNode> events = session.textTurn(true);
            Events.assertCompleted(events, true);
            assertThat(Simulated.spokenTranscript(events), is(rig.simulator().config().path("llmText").asText()));
            List<JsonNode> calls = rig.simulator().calls(since);
            assertThat(Simulated.lastUserMessage(calls), is(SimulatorSession.USER_TEXT));
            assertThat(calls.toString(), Simulated.count(calls, "speech") >= 1, is(true));
        });
    }

    @Test
    void voiceTurnIsTranscribedAndAnswered() throws Exception {
        rig.run(session -> {
            long since = rig.simulator().lastCall();
            List<JsonNode> events = session.voiceTurn();
            Events.assertCompleted(events, true);
            String said = rig.simulator().config().path("sttText").asText();
            JsonNode transcribed = Events.first(events, "conversation.item.input_audio_transcription.completed");
            assertThat(transcribed.path("transcript").asText(), is(said));
            List<JsonNode> calls = rig.simulator().calls(since);
            assertThat(calls.toString(), Simulated.count(calls, "transcription"), is(1L));
            assertThat(Simulated.lastUserMessage(calls), is(said));
        });
    }

    @TestFactory
    Stream<DynamicTest> chatFaultsFailOneResponse() {
        return tests(scenario(CHAT, "500", "server_error", Turn.TEXT), scenario(CHAT, "429", "rate_limited", Turn.TEXT),
                     scenario(CHAT, "hang", "timeout", Turn.TEXT), scenario(CHAT, "drop", "", Turn.TEXT),
                     scenario(CHAT, "stall", "timeout", Turn.TEXT), scenario(CHAT, "malformed", "", Turn.TEXT));
    }

    @TestFactory
    Stream<DynamicTest> speechFaultsFailOneResponse() {
        return tests(scenario(SPEAK, "500", "server_error", Turn.SPOKEN_TEXT),
                     scenario(SPEAK, "429", "rate_limited", Turn.SPOKEN_TEXT),
                     scenario(SPEAK, "hang", "timeout", Turn.SPOKEN_TEXT)
                             .saying("no audio within " + SimulatorRig.TIMEOUT_MS + " ms"),
                     scenario(SPEAK, "drop", "", Turn.SPOKEN_TEXT),
                     scenario(SPEAK, "stall", "timeout", Turn.SPOKEN_TEXT)
                             .saying("the audio stopped for " + SimulatorRig.SPEECH_IDLE_MS + " ms"));
    }

    @TestFactory
    Stream<DynamicTest> transcriptionFaultsFailTheSpokenTurn() {
        return tests(scenario(TRANSCRIBE, "500", "server_error", Turn.VOICE),
                     scenario(TRANSCRIBE, "429", "rate_limited", Turn.VOICE),
                     scenario(TRANSCRIBE, "hang", "timeout", Turn.VOICE)
                             .saying("no answer within " + SimulatorRig.TIMEOUT_MS + " ms"),
                     scenario(TRANSCRIBE, "drop", "", Turn.VOICE),
                     scenario(TRANSCRIBE, "stall", "", Turn.VOICE));
    }

    /** A fault met in a turn of this kind, then a spoken answer to the same kind of turn (a typed one for chat). */
    private static FaultScenario scenario(Stage stage, String fault, String kind, Turn turn) {
        return new FaultScenario(stage, fault, Optional.of(kind).filter(k -> !k.isEmpty()), turn,
                                 turn == Turn.TEXT ? Turn.SPOKEN_TEXT : turn);
    }

    private static Stream<DynamicTest> tests(FaultScenario... scenarios) {
        return Stream.of(scenarios).map(s -> DynamicTest.dynamicTest(s.toString(), () -> rig.run(
                session -> s.run(rig, session))));
    }
}

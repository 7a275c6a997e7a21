package dev.realtime.harness;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import dev.realtime.testing.LogCapture;
import dev.realtime.testing.ProviderSimulator;
import dev.realtime.testing.TestEngine;

/**
 * What one test class runs against: the provider simulator, one engine pointed at it (LLM always the simulator's
 * OpenAI-compatible chat; speech as the class chooses), a capture of its log, and the one session its scenarios
 * share. Upstream timeouts are short so that a hang or a stall fails within about two seconds. Used on the test
 * thread.
 */
final class SimulatorRig implements AutoCloseable {
    /** Longest silence from a provider before the engine gives up: hang and stall faults last this long. */
    static final String TIMEOUT_MS = "2000";
    /** Longest silence of speech audio once it started: a speech stall lasts this long, a speech hang longer. */
    static final String SPEECH_IDLE_MS = "1000";
    private static final Map<String, Object> NO_FAULTS = Map.of("llmFault", "", "sttFault", "", "ttsFault", "");

    /** The turns the scenarios run. */
    enum Turn {
        /** A typed message answered in text. */
        TEXT(false),
        /** A typed message answered in speech. */
        SPOKEN_TEXT(true),
        /** Speech answered automatically in speech. */
        VOICE(true);

        private final boolean audio;

        Turn(boolean audio) {
            this.audio = audio;
        }

        /** Whether the answer is audio. */
        boolean audio() {
            return audio;
        }

        /** Runs the turn; its events up to the first {@code response.done}. */
        List<JsonNode> run(SimulatorSession session) throws InterruptedException {
            return this == VOICE ? session.voiceTurn() : session.textTurn(audio);
        }
    }

    /** A scenario on the shared session. */
    @FunctionalInterface
    interface Scenario {
        void run(SimulatorSession session) throws Exception;
    }

    private final ProviderSimulator simulator;
    private final TestEngine engine;
    private final LogCapture logs;
    private Optional<SimulatorSession> session = Optional.empty();

    private SimulatorRig(ProviderSimulator simulator, TestEngine engine) {
        this.simulator = simulator;
        this.engine = engine;
        this.logs = LogCapture.install();
    }

    /**
     * Starts the simulator and an engine whose LLM is the simulator's chat completions.
     *
     * @param speech the speech providers' settings, given the simulator's base URL
     * @return the rig
     */
    static SimulatorRig start(Function<ProviderSimulator, Map<String, String>> speech) {
        ProviderSimulator simulator = ProviderSimulator.start();
        try {
            // short answers keep the audio small; retry-after 0 lets a 429 be retried inside the budget
            simulator.configure(Map.of("ttsAudioMs", 300, "faultRetryAfterS", 0));
            Map<String, String> env = new HashMap<>(speech.apply(simulator));
            env.putAll(Map.of("LLM_PROVIDER", "openai-compatible",
                              "OPENAI_COMPATIBLE_BASE_URL", simulator.openAiBaseUrl().toString(),
                              "OPENAI_COMPATIBLE_MODEL", "fake-llm",
                              "LLM_FIRST_BYTE_TIMEOUT_MS", TIMEOUT_MS, "LLM_IDLE_TIMEOUT_MS", TIMEOUT_MS,
                              "LLM_MAX_RETRIES", "1", "LLM_RETRY_MAX_WAIT_MS", "300",
                              "STT_TIMEOUT_MS", TIMEOUT_MS, "TTS_FIRST_BYTE_TIMEOUT_MS", TIMEOUT_MS,
                              "TTS_IDLE_TIMEOUT_MS", SPEECH_IDLE_MS));
            return new SimulatorRig(simulator, TestEngine.start(env));
        } catch (RuntimeException | Error e) {
            simulator.close();
            throw e;
        }
    }

    ProviderSimulator simulator() {
        return simulator;
    }

    TestEngine engine() {
        return engine;
    }

    LogCapture logs() {
        return logs;
    }

    /**
     * Runs a scenario on the shared session, then clears every fault. A scenario that fails closes the session, so
     * the next one starts clean on a new session instead of failing for this one's leftovers.
     */
    void run(Scenario scenario) throws Exception {
        if (session.isEmpty()) {
            session = Optional.of(SimulatorSession.open(engine));
        }
        boolean passed = false;
        try {
            scenario.run(session.get());
            passed = true;
        } finally {
            clearFaults();
            if (!passed) {
                session.get().close();
                session = Optional.empty();
            }
        }
    }

    /** Makes every request of the fault's stage fail that way until {@link #clearFaults()}. */
    void fault(String key, String fault) {
        simulator.configure(Map.of(key, fault, "faultTimes", -1));
    }

    /** Stops failing requests (before the next turn; also after every scenario). */
    void clearFaults() {
        simulator.configure(NO_FAULTS);
    }

    @Override
    public void close() {
        session.ifPresent(SimulatorSession::close);
        logs.close();
        engine.close();
        simulator.close();
    }
}

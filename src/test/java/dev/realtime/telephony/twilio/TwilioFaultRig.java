package dev.realtime.telephony.twilio;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import dev.realtime.protocol.AudioFormat;
import dev.realtime.testing.LogCapture;
import dev.realtime.testing.ProviderSimulator;
import dev.realtime.testing.SpeechFixture;
import dev.realtime.testing.TestEngine;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * What the Twilio fault tests share: the harness's provider simulator as the engine's LLM, STT and TTS, with short
 * upstream timeouts so a hang or a stall fails within about two seconds and a retried 500 fails again at once; an
 * engine that takes signed Twilio streams; and the engine's log lines. Test threads.
 */
final class TwilioFaultRig implements AutoCloseable {
    /** How long a test waits for anything. */
    static final Duration WAIT = Duration.ofSeconds(20);
    /** The provider name of the simulator's OpenAI-compatible endpoints, as logs and metrics give it. */
    static final String PROVIDER = "openai-compatible";
    /** An answer is two sentences of a second each; its marks come back in 20 ms pieces. */
    static final int ANSWER_MS = 1975;
    private static final SpeechFixture QUESTION = SpeechFixture.load("weather.wav");
    private static final Map<String, Object> NO_FAULTS = Map.of("llmFault", "", "sttFault", "", "ttsFault", "");

    private final ProviderSimulator simulator;
    private final TestEngine engine;
    private final LogCapture logs;

    private TwilioFaultRig(ProviderSimulator simulator, TestEngine engine, LogCapture logs) {
        this.simulator = simulator;
        this.engine = engine;
        this.logs = logs;
    }

    /**
     * Starts the simulator and the engine.
     *
     * @param extra environment variables over the rig's own
     * @return the rig
     */
    static TwilioFaultRig start(Map<String, String> extra) {
        ProviderSimulator simulator = ProviderSimulator.start();
        String v1 = simulator.openAiBaseUrl().toString();
        Map<String, String> env = new HashMap<>(Map.of(
                "LLM_PROVIDER", PROVIDER, "OPENAI_COMPATIBLE_BASE_URL", v1, "OPENAI_COMPATIBLE_MODEL", "fake-llm",
                "STT_PROVIDER", PROVIDER, "STT_BASE_URL", v1, "STT_MODEL", "fake-stt",
                "TTS_PROVIDER", PROVIDER, "TTS_BASE_URL", v1, "TTS_MODEL", "fake-tts", "TTS_VOICE", "alloy"));
        env.putAll(Map.of("LLM_FIRST_BYTE_TIMEOUT_MS", "2000", "LLM_IDLE_TIMEOUT_MS", "2000",
                          "LLM_MAX_RETRIES", "1", "LLM_RETRY_MAX_WAIT_MS", "300", "STT_TIMEOUT_MS", "2000",
                          "TTS_FIRST_BYTE_TIMEOUT_MS", "2000", "TTS_IDLE_TIMEOUT_MS", "1000"));
        env.put("TWILIO_AUTH_TOKEN", "12345");
        env.put("TRUST_PROXY_HEADERS", "true");
        env.putAll(extra);
        TestEngine engine = TestEngine.start(env);
        return new TwilioFaultRig(simulator, engine, LogCapture.install());
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

    /** One-second sentences and no faults: before and after each test. */
    void clearFaults() {
        simulator.configure(Map.of("ttsAudioMs", 1000, "faultRetryAfterS", 0));
        simulator.configure(NO_FAULTS);
    }

    /** A call's media stream to the engine, signed as Twilio signs it. */
    TwilioCaller dial() {
        Map<String, String> headers = new HashMap<>(TwilioCaller.PROXY);
        headers.put("X-Twilio-Signature", TwilioCaller.STREAM_SIGNATURE);
        return TwilioCaller.dial(TwilioCallTest.media(engine), headers);
    }

    /** The spoken question, as a caller sends it: μ-law with silence around it. */
    static byte[] question() {
        return QUESTION.bytes(AudioFormat.PCMU, 200, 900);
    }

    /** Polls until the condition holds, or fails after {@link #WAIT}: the engine's logs and state have no event. */
    static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(what, System.nanoTime() < deadline, is(true));
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    @Override
    public void close() {
        logs.close();
        engine.close();
        simulator.close();
    }
}

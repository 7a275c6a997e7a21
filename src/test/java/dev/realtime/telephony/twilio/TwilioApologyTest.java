package dev.realtime.telephony.twilio;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.realtime.config.PhoneConfig;
import dev.realtime.protocol.AudioFormat;
import dev.realtime.testing.LogCapture;
import dev.realtime.testing.ProviderSimulator;
import dev.realtime.testing.SpeechFixture;
import dev.realtime.testing.TestEngine;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/**
 * A Twilio caller whose question fails upstream hears the apology ({@link PhoneConfig#DEFAULT_APOLOGY}), said without
 * the language model, instead of silence; when the speech provider is what failed the apology fails too, once, and
 * ends quietly. Either way the call stays up and the next question is answered in full. (With PHONE_APOLOGY empty
 * the caller hears silence: {@link TwilioFaultsTest}.)
 */
class TwilioApologyTest {
    private static final SpeechFixture QUESTION = SpeechFixture.load("weather.wav");
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String PROVIDER = "openai-compatible";
    private static final Map<String, Object> NO_FAULTS = Map.of("llmFault", "", "sttFault", "", "ttsFault", "");
    /** An answer is two sentences of a second each; its marks come back in 20 ms pieces. */
    private static final int ANSWER_MS = 1975;
    /** What a stalled speech stream sends before it stalls: 100 ms of audio, as G.711 bytes. */
    private static final int STALLED_PIECE_BYTES = 100 * 8;
    private static ProviderSimulator simulator;
    private static TestEngine engine;
    private static LogCapture logs;

    @BeforeAll
    static void start() {
        simulator = ProviderSimulator.start();
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
        engine = TestEngine.start(env);
        logs = LogCapture.install();
    }

    @AfterAll
    static void stop() {
        logs.close();
        engine.close();
        simulator.close();
    }

    @BeforeEach
    @AfterEach
    void noFaults() {
        simulator.configure(Map.of("ttsAudioMs", 1000, "faultRetryAfterS", 0));
        simulator.configure(NO_FAULTS);
    }

    @Test
    void aChatErrorIsAnsweredWithTheApologyAndTheNextQuestionInFull() throws Exception {
        try (TwilioCaller caller = dial()) {
            caller.start(Map.of());
            String session = session(caller);
            // the model keeps failing while the apology is said: the apology does not need it
            simulator.configure(Map.of("llmFault", "500", "faultTimes", -1));

            caller.speak(question());
            caller.awaitAllEchoed(ANSWER_MS, WAIT);
            awaitLog(caller, ": the apology ended completed");
            simulator.configure(NO_FAULTS);
            int apologyBytes = caller.audio().length;
            // two sentences, a second of the simulator's speech each
            assertThat("the caller heard the apology", apologyBytes,
                       both(greaterThanOrEqualTo(15_800)).and(lessThanOrEqualTo(16_200)));
            assertThat("the apology's words went to the speech provider", simulator.calls().stream()
                               .filter(c -> "speech".equals(c.path("kind").asText()))
                               .filter(c -> c.path("input").asText().contains("something went wrong")).count(),
                       greaterThan(0L));

            caller.speak(question());
            caller.awaitAllEchoed(apologyBytes / 8 + ANSWER_MS, WAIT);
            assertThat("the next question's whole answer", caller.audio().length - apologyBytes,
                       both(greaterThanOrEqualTo(15_800)).and(lessThanOrEqualTo(16_200)));
            assertThat("one apology", apologies(caller), is(1L));
            assertThat("one WARNING, for the chat", logs.warnings(session).size(), is(1));
            assertThat("the call is still up", caller.closed().isDone(), is(false));
            hangUp(caller);
        }
        TwilioCallTest.awaitNoSession(engine);
    }

    @Test
    void aCallerWhoSpeaksOverTheApologyStopsItAndIsAnswered() throws Exception {
        try (TwilioCaller caller = dial()) {
            caller.start(Map.of());
            session(caller);
            simulator.configure(Map.of("llmFault", "500", "faultTimes", -1));
            caller.speak(question());
            caller.firstAudio().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            simulator.configure(NO_FAULTS);

            // the apology is two seconds long; the next question starts while it plays
            caller.speak(question());
            long heardMs = caller.firstClear().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat("cut short", heardMs, lessThanOrEqualTo((long) ANSWER_MS));
            // the apology's audio cleared from the caller's side never counts as played: the whole answer is what is
            caller.awaitEchoed(heardMs + ANSWER_MS, WAIT);
            assertThat("one apology", apologies(caller), is(1L));
            // the apology is in no conversation: nothing of it is truncated, so the chat's is the only error
            List<String> errors = logs.lines().stream().map(LogCapture.Line::message)
                    .filter(m -> m.startsWith("call " + caller.callSid() + ": the session said")).toList();
            assertThat(errors.toString(), errors.size(), is(1));
            assertThat(errors.getFirst(), containsString("chat failed"));
            assertThat("the call is still up", caller.closed().isDone(), is(false));
            hangUp(caller);
        }
        TwilioCallTest.awaitNoSession(engine);
    }

    @Test
    void aStalledSpeechStreamFailsTheApologyTooOnceAndQuietly() throws Exception {
        try (TwilioCaller caller = dial()) {
            caller.start(Map.of());
            String session = session(caller);
            simulator.configure(Map.of("ttsFault", "stall", "faultTimes", -1));

            caller.speak(question());
            awaitTrue("the answer's failure logged", () -> !logs.warnings(session).isEmpty());
            int failedTurnBytes = caller.audio().length;
            awaitTrue("the apology's speech failed too", () -> logs.warnings(session).size() >= 2);
            awaitLog(caller, ": the apology ended failed");
            simulator.configure(NO_FAULTS);
            List<LogCapture.Line> warned = logs.warnings(session);
            assertThat("the answer's and the apology's speech failures: " + warned, warned.size(), is(2));
            warned.forEach(w -> assertThat(w.message(), containsString("operation=speak")));
            assertThat("no more of the apology than the stalled stream's first piece",
                       caller.audio().length - failedTurnBytes, lessThanOrEqualTo(STALLED_PIECE_BYTES));

            int before = caller.audio().length;
            caller.speak(question());
            caller.awaitAllEchoed(before / 8 + ANSWER_MS, WAIT);
            assertThat("the next question's whole answer", caller.audio().length - before,
                       both(greaterThanOrEqualTo(15_800)).and(lessThanOrEqualTo(16_200)));
            assertThat("one apology, none for the failed apology", apologies(caller), is(1L));
            assertThat("no failure since", logs.warnings(session).size(), is(2));
            assertThat("the call is still up", caller.closed().isDone(), is(false));
            hangUp(caller);
        }
        TwilioCallTest.awaitNoSession(engine);
    }

    private static TwilioCaller dial() {
        Map<String, String> headers = new HashMap<>(TwilioCaller.PROXY);
        headers.put("X-Twilio-Signature", TwilioCaller.STREAM_SIGNATURE);
        return TwilioCaller.dial(TwilioCallTest.media(engine), headers);
    }

    private static byte[] question() {
        return QUESTION.bytes(AudioFormat.PCMU, 200, 900);
    }

    private static String session(TwilioCaller caller) throws InterruptedException {
        Pattern started = Pattern.compile("call " + caller.callSid() + " \\(.*\\) is session (\\S+)");
        awaitTrue("the call's session logged", () -> logs.lines().stream()
                .anyMatch(l -> started.matcher(l.message()).find()));
        return logs.lines().stream().map(l -> started.matcher(l.message())).filter(m -> m.find())
                .findFirst().orElseThrow().group(1);
    }

    private static long apologies(TwilioCaller caller) {
        return logs.lines().stream().filter(l -> l.message().startsWith("call " + caller.callSid() + ": response ")
                && l.message().endsWith("saying the apology")).count();
    }

    private static void awaitLog(TwilioCaller caller, String text) throws InterruptedException {
        awaitTrue("log: " + text, () -> logs.lines().stream()
                .anyMatch(l -> l.message().equals("call " + caller.callSid() + text)));
    }

    private static void hangUp(TwilioCaller caller) throws Exception {
        caller.stop();
        assertThat(caller.closed().get(WAIT.toSeconds(), TimeUnit.SECONDS), is(1000));
    }

    /** Polls: the engine's logs have no event to await. */
    private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(what, System.nanoTime() < deadline, is(true));
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }
}

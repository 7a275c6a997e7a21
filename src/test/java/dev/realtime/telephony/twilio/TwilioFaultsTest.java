package dev.realtime.telephony.twilio;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.realtime.protocol.AudioFormat;
import dev.realtime.testing.LogCapture;
import dev.realtime.testing.Metrics;
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
 * Twilio calls when things go wrong, against an engine whose providers are the harness's simulator with short
 * upstream timeouts. A provider fault in one turn fails that turn only: the caller hears no answer to it (with
 * PHONE_APOLOGY set empty, as here, the bridge says nothing on a failed response; {@link TwilioApologyTest} has the
 * apology), the failure is logged once for the call's session and counted, and the next
 * question on the same stream is answered in speech. A stream that goes silent without closing (Twilio's side lost)
 * ends the call after {@link SilenceWatch#LIMIT}, not after the HTTP idle timeout.
 */
class TwilioFaultsTest {
    private static final SpeechFixture QUESTION = SpeechFixture.load("weather.wav");
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String PROVIDER = "openai-compatible";
    private static final Map<String, Object> NO_FAULTS = Map.of("llmFault", "", "sttFault", "", "ttsFault", "");
    /** An answer is two sentences of a second each; its marks come back in 20 ms pieces. */
    private static final int ANSWER_MS = 1975;
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
        // a hang or a stall fails within about two seconds; a retried 500 fails again at once
        env.putAll(Map.of("LLM_FIRST_BYTE_TIMEOUT_MS", "2000", "LLM_IDLE_TIMEOUT_MS", "2000",
                          "LLM_MAX_RETRIES", "1", "LLM_RETRY_MAX_WAIT_MS", "300", "STT_TIMEOUT_MS", "2000",
                          "TTS_FIRST_BYTE_TIMEOUT_MS", "2000", "TTS_IDLE_TIMEOUT_MS", "1000"));
        env.put("TWILIO_AUTH_TOKEN", "12345");
        env.put("TRUST_PROXY_HEADERS", "true");
        // set but blank: the apology is off (TestEngine drops empty values as unset, so one space)
        env.put("PHONE_APOLOGY", " ");
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

    private static TwilioCaller dial() {
        Map<String, String> headers = new HashMap<>(TwilioCaller.PROXY);
        headers.put("X-Twilio-Signature", TwilioCaller.STREAM_SIGNATURE);
        return TwilioCaller.dial(TwilioCallTest.media(engine), headers);
    }

    private static byte[] question() {
        return QUESTION.bytes(AudioFormat.PCMU, 200, 900);
    }

    @Test
    void aChatErrorFailsOneTurnAndTheNextIsAnswered() throws Exception {
        faultOneTurn("llmFault", "500", "chat");
    }

    @Test
    void aDroppedSpeechStreamFailsOneTurnAndTheNextIsAnswered() throws Exception {
        faultOneTurn("ttsFault", "drop", "speak");
    }

    @Test
    void aStalledSpeechStreamFailsOneTurnAndTheNextIsAnswered() throws Exception {
        faultOneTurn("ttsFault", "stall", "speak");
    }

    /** The fault on every request of the stage during one spoken question, then cleared for the next. */
    private static void faultOneTurn(String faultKey, String fault, String operation) throws Exception {
        try (TwilioCaller caller = dial()) {
            caller.start(Map.of());
            String session = await(Pattern.compile("call " + caller.callSid() + " \\(.*\\) is session (\\S+)"))
                    .group(1);
            String countedBefore = Metrics.scrape(engine);
            long injected = simulator.faultsInjected();
            simulator.configure(Map.of(faultKey, fault, "faultTimes", -1));

            caller.speak(question());
            awaitTrue("the failure logged for session " + session, () -> !logs.warnings(session).isEmpty());
            simulator.configure(NO_FAULTS);
            assertThat("the simulator failed a request", simulator.faultsInjected(), greaterThan(injected));
            // a speech fault may come after some audio of the failed answer: what the caller heard of it
            int failedTurnBytes = caller.audio().length;
            assertThat("at most the first piece of the failed answer was heard", failedTurnBytes,
                       lessThanOrEqualTo(1000 * 8));

            caller.speak(question());
            caller.awaitAllEchoed(failedTurnBytes / 8 + ANSWER_MS, WAIT);
            int answerBytes = caller.audio().length - failedTurnBytes;
            assertThat("the next question's whole answer, on the same stream", answerBytes,
                       both(greaterThanOrEqualTo(15_800)).and(lessThanOrEqualTo(16_200)));
            assertThat("the call is still up", caller.closed().isDone(), is(false));
            assertThat(engine.engine().sessions().openSessions(), is(1));

            List<LogCapture.Line> warned = logs.warnings(session);
            assertThat("one WARNING for the failure: " + warned, warned.size(), is(1));
            assertThat(warned.getFirst().message(), both(containsString("provider=" + PROVIDER))
                    .and(containsString("operation=" + operation)));
            assertThat("counted once", providerErrors(Metrics.scrape(engine), operation)
                    - providerErrors(countedBefore, operation), is(1.0));

            caller.stop();
            assertThat(caller.closed().get(WAIT.toSeconds(), TimeUnit.SECONDS), is(1000));
        }
        TwilioCallTest.awaitNoSession(engine);
    }

    @Test
    void aStreamThatGoesSilentWithoutClosingEndsTheCall() throws Exception {
        double activeBefore = activeSessions();
        try (TwilioCaller caller = dial()) {
            caller.start(Map.of());
            caller.speak(question());
            caller.awaitAllEchoed(ANSWER_MS, WAIT);
            assertThat(activeSessions(), is(activeBefore + 1));
            long quietSince = System.nanoTime();

            // the caller keeps its TCP connection and sends nothing more, not even a close
            TwilioCallTest.awaitNoSession(engine);
            long quietMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - quietSince);
            // the last mark echo may leave a few ms before the clock starts; the engine's own count is exact below
            assertThat("not before the limit", quietMs,
                       greaterThan(SilenceWatch.LIMIT.minusSeconds(1).toMillis()));
            Matcher lost = await(Pattern.compile("call " + caller.callSid() + ": nothing from Twilio for (\\d+) ms"));
            assertThat(Long.parseLong(lost.group(1)), greaterThan(SilenceWatch.LIMIT.toMillis()));
            awaitTrue("realtime_sessions_active back", () -> activeSessions() == activeBefore);
            assertThat("the engine dropped the connection", caller.closed().handle((code, e) -> true)
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS), is(true));
            assertThat("logged once", logs.lines().stream()
                    .filter(l -> l.message().contains("call " + caller.callSid() + ": nothing from Twilio")).count(),
                       is(1L));
        }
    }

    private static double providerErrors(String scrape, String operation) {
        Matcher m = Pattern.compile("(?m)^realtime_provider_errors_total\\{([^}]*)} (\\S+)$").matcher(scrape);
        double sum = 0;
        while (m.find()) {
            if (m.group(1).contains("provider=\"" + PROVIDER + "\"")
                    && m.group(1).contains("operation=\"" + operation + "\"")) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    private static double activeSessions() {
        try {
            Matcher m = Pattern.compile("(?m)^realtime_sessions_active(?:\\{[^}]*})? (\\S+)$")
                    .matcher(Metrics.scrape(engine));
            assertThat("realtime_sessions_active in /metrics", m.find(), is(true));
            return Double.parseDouble(m.group(1));
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Matcher await(Pattern pattern) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (LogCapture.Line line : logs.lines()) {
                Matcher m = pattern.matcher(line.message());
                if (m.find()) {
                    return m;
                }
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new AssertionError("no log line matching " + pattern);
    }

    /** Polls: the engine's state has no event to await. */
    private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(what, System.nanoTime() < deadline, is(true));
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }
}

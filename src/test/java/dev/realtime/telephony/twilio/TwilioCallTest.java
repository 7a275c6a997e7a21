package dev.realtime.telephony.twilio;

import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.realtime.audio.G711;
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
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/**
 * Whole calls over the Media Streams protocol against an engine whose providers are the harness's simulator (its
 * speech is a 440 Hz tone, {@code ttsAudioMs} per sentence): a spoken question is answered as μ-law media, each
 * 20 ms piece followed by a mark; speaking over the answer brings a {@code clear} and the answer is truncated at
 * what the caller's marks said was heard; a key press reaches the model as the caller's words; {@code stop} or a
 * closed socket ends the session. Bad messages are counted and the call goes on.
 */
class TwilioCallTest {
    private static final SpeechFixture QUESTION = SpeechFixture.load("weather.wav");
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Pattern BARGE_IN =
            Pattern.compile("the caller spoke over the answer after (\\d+) ms of (\\S+)");
    private static ProviderSimulator simulator;
    private static TestEngine engine;
    private static LogCapture logs;

    @BeforeAll
    static void start() {
        simulator = ProviderSimulator.start();
        String v1 = simulator.openAiBaseUrl().toString();
        Map<String, String> env = new HashMap<>(Map.of(
                "LLM_PROVIDER", "openai-compatible", "OPENAI_COMPATIBLE_BASE_URL", v1,
                "OPENAI_COMPATIBLE_MODEL", "fake-llm",
                "STT_PROVIDER", "openai-compatible", "STT_BASE_URL", v1, "STT_MODEL", "fake-stt",
                "TTS_PROVIDER", "openai-compatible", "TTS_BASE_URL", v1, "TTS_MODEL", "fake-tts",
                "TTS_VOICE", "alloy"));
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
    void oneSecondSentences() {
        simulator.configure(Map.of("ttsAudioMs", 1000));
    }

    private static TwilioCaller dial() {
        Map<String, String> headers = new HashMap<>(TwilioCaller.PROXY);
        headers.put("X-Twilio-Signature", TwilioCaller.STREAM_SIGNATURE);
        return TwilioCaller.dial(engine.wsUri().resolve("/telephony/twilio/media"), headers);
    }

    private static byte[] question() {
        return QUESTION.bytes(AudioFormat.PCMU, 200, 900);
    }

    @Test
    void spokenQuestionsAreAnsweredAsMarkedMulawAndStopEndsTheSession() throws Exception {
        double badBefore = badMessages();
        try (TwilioCaller caller = dial()) {
            caller.send("{\"event\":\"media\",\"streamSid\":\"MZ0\",\"media\":{\"payload\":\"////\"}}");
            caller.start(Map.of());
            caller.send("this is not JSON");
            caller.send("{\"event\":\"hangup\"}");
            caller.speak(question());
            caller.awaitAllEchoed(1975, WAIT);

            List<JsonNode> received = caller.received();
            assertThat(received.size(), greaterThan(0));
            for (int i = 0; i < received.size(); i += 2) {
                JsonNode media = received.get(i);
                assertThat(media.toString(), media.path("event").asText(), is("media"));
                assertThat(media.path("streamSid").asText(), is(received.get(0).path("streamSid").asText()));
                int bytes = Base64.getDecoder().decode(media.path("media").path("payload").asText()).length;
                assertThat("20 ms pieces", bytes, both(greaterThan(0)).and(lessThanOrEqualTo(160)));
                assertThat("a mark after each piece", received.get(i + 1).path("event").asText(), is("mark"));
            }
            byte[] audio = caller.audio();
            assertThat("two sentences of a second each, 8 bytes a millisecond", audio.length,
                       both(greaterThanOrEqualTo(15_800)).and(lessThanOrEqualTo(16_200)));
            assertThat("the simulator's 440 Hz tone", toneHz(audio), both(greaterThan(420.0)).and(lessThan(460.0)));
            assertThat("media before start, a message that is not JSON, an unknown event",
                       badMessages() - badBefore, is(3.0));
            assertThat(engine.engine().sessions().openSessions(), is(1));

            caller.speak(question());
            caller.awaitAllEchoed(2 * 1975, WAIT);
            assertThat("the next question after a whole answer cuts nothing: no clear",
                       caller.received().stream().filter(m -> "clear".equals(m.path("event").asText())).count(),
                       is(0L));
            assertThat("and no barge-in", logs.lines().stream().map(LogCapture.Line::message)
                    .filter(m -> m.contains("call " + caller.callSid() + ": the caller spoke over")).count(), is(0L));

            caller.stop();
            assertThat("the engine closes the stream after stop", caller.closed().get(WAIT.toSeconds(),
                                                                                      TimeUnit.SECONDS), is(1000));
            awaitNoSession();
        }
    }

    @Test
    void speakingOverTheAnswerClearsItAndTruncatesItToWhatWasHeard() throws Exception {
        simulator.configure(Map.of("ttsAudioMs", 3000));
        long since = simulator.lastCall();
        try (TwilioCaller caller = dial()) {
            caller.start(Map.of());
            caller.speak(question());
            caller.awaitEchoed(800, WAIT);
            caller.speak(question());
            long heardByCaller = caller.firstClear().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            Matcher bargeIn = awaitLog(Pattern.compile("call " + caller.callSid() + ": " + BARGE_IN.pattern()));
            int heard = Integer.parseInt(bargeIn.group(1));
            // never more than the caller confirmed; less by the marks still on their way when the engine cleared
            assertThat("the engine's heard ms come from the echoed marks", heard,
                       both(lessThanOrEqualTo((int) heardByCaller)).and(greaterThanOrEqualTo(
                               (int) heardByCaller - 250)));
            assertThat("cut during the first of two three-second sentences", heard,
                       both(greaterThanOrEqualTo(800)).and(lessThan(3000)));
            List<JsonNode> chats = awaitCalls(since, c -> "chat".equals(c.path("kind").asText()), 2);
            String answer = simulator.config().path("llmText").asText();
            JsonNode assistant = assistantMessage(chats.get(1)).orElseThrow(
                    () -> new AssertionError("no assistant message in the second chat: " + chats.get(1)));
            assertThat("the answer kept in the conversation is what was heard of it: " + assistant,
                       assistant.path("content").asText().length(), lessThan(answer.length()));
            caller.stop();
        }
        awaitNoSession();
    }

    @Test
    void aKeyPressReachesTheModelAndAClosedSocketEndsTheSession() throws Exception {
        long since = simulator.lastCall();
        try (TwilioCaller caller = dial()) {
            caller.start(Map.of());
            caller.dtmf('5');
            List<JsonNode> chats = awaitCalls(since, c -> "chat".equals(c.path("kind").asText()), 1);
            assertThat(chats.getFirst().path("messages").toString(), containsString("pressed 5"));
            caller.awaitEchoed(1000, WAIT);
        }
        awaitNoSession();
    }

    private static Optional<JsonNode> assistantMessage(JsonNode chat) {
        for (JsonNode message : chat.path("messages")) {
            if ("assistant".equals(message.path("role").asText())) {
                return Optional.of(message);
            }
        }
        return Optional.empty();
    }

    /** The zero crossings of the middle of the audio, as a frequency. */
    static double toneHz(byte[] ulaw) {
        short[] pcm = new short[ulaw.length];
        G711.decodeUlaw(ulaw, 0, ulaw.length, pcm, 0);
        int from = pcm.length / 4;
        int to = from + 4000;
        int crossings = 0;
        for (int i = from + 1; i < to; i++) {
            if ((pcm[i - 1] < 0) != (pcm[i] < 0)) {
                crossings++;
            }
        }
        return crossings / 2.0 / ((to - from) / 8000.0);
    }

    private static double badMessages() throws Exception {
        Matcher m = Pattern.compile("(?m)^realtime_phone_bad_messages_total\\{[^}]*transport=\"twilio\"[^}]*} "
                                            + "([0-9.eE+-]+)$").matcher(Metrics.scrape(engine));
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }

    /** Sessions end on the engine's threads after the stream ends; there is no event to await, so poll. */
    static void awaitNoSession(TestEngine target) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (target.engine().sessions().openSessions() > 0) {
            assertThat("sessions still open", System.nanoTime() < deadline, is(true));
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    private static void awaitNoSession() throws InterruptedException {
        awaitNoSession(engine);
    }

    private static Matcher awaitLog(Pattern pattern) throws InterruptedException {
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

    /** The simulator's calls after {@code since} that match, once there are {@code count} of them. */
    static List<JsonNode> awaitCalls(ProviderSimulator sim, long since, Predicate<JsonNode> filter, int count)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            List<JsonNode> calls = sim.calls(since).stream().filter(filter).toList();
            if (calls.size() >= count) {
                return calls;
            }
            assertThat("provider calls so far: " + calls, System.nanoTime() < deadline, is(true));
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    private static List<JsonNode> awaitCalls(long since, Predicate<JsonNode> filter, int count)
            throws InterruptedException {
        return awaitCalls(simulator, since, filter, count);
    }

    static URI media(TestEngine target) {
        return target.wsUri().resolve("/telephony/twilio/media");
    }
}

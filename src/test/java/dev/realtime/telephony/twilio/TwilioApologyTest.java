package dev.realtime.telephony.twilio;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.realtime.config.PhoneConfig;
import dev.realtime.testing.LogCapture;
import dev.realtime.testing.ProviderSimulator;
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
    /** What a stalled speech stream sends before it stalls: 100 ms of audio, as G.711 bytes. */
    private static final int STALLED_PIECE_BYTES = 100 * 8;
    private static TwilioFaultRig rig;
    private static ProviderSimulator simulator;
    private static TestEngine engine;
    private static LogCapture logs;

    @BeforeAll
    static void start() {
        rig = TwilioFaultRig.start(Map.of());
        simulator = rig.simulator();
        engine = rig.engine();
        logs = rig.logs();
    }

    @AfterAll
    static void stop() {
        rig.close();
    }

    @BeforeEach
    @AfterEach
    void noFaults() {
        rig.clearFaults();
    }

    @Test
    void aChatErrorIsAnsweredWithTheApologyAndTheNextQuestionInFull() throws Exception {
        try (TwilioCaller caller = rig.dial()) {
            caller.start(Map.of());
            String session = session(caller);
            // the model keeps failing while the apology is said: the apology does not need it
            simulator.configure(Map.of("llmFault", "500", "faultTimes", -1));

            caller.speak(TwilioFaultRig.question());
            caller.awaitAllEchoed(TwilioFaultRig.ANSWER_MS, TwilioFaultRig.WAIT);
            awaitLog(caller, ": the apology ended completed");
            rig.clearFaults();
            int apologyBytes = caller.audio().length;
            // two sentences, a second of the simulator's speech each
            assertThat("the caller heard the apology", apologyBytes,
                       both(greaterThanOrEqualTo(15_800)).and(lessThanOrEqualTo(16_200)));
            assertThat("the apology's words went to the speech provider", simulator.calls().stream()
                               .filter(c -> "speech".equals(c.path("kind").asText()))
                               .filter(c -> c.path("input").asText().contains("something went wrong")).count(),
                       greaterThan(0L));

            caller.speak(TwilioFaultRig.question());
            caller.awaitAllEchoed(apologyBytes / 8 + TwilioFaultRig.ANSWER_MS, TwilioFaultRig.WAIT);
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
        try (TwilioCaller caller = rig.dial()) {
            caller.start(Map.of());
            session(caller);
            simulator.configure(Map.of("llmFault", "500", "faultTimes", -1));
            caller.speak(TwilioFaultRig.question());
            caller.firstAudio().get(TwilioFaultRig.WAIT.toSeconds(), TimeUnit.SECONDS);
            rig.clearFaults();

            // the apology is two seconds long; the next question starts while it plays
            caller.speak(TwilioFaultRig.question());
            long heardMs = caller.firstClear().get(TwilioFaultRig.WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat("cut short", heardMs, lessThanOrEqualTo((long) TwilioFaultRig.ANSWER_MS));
            // the apology's audio cleared from the caller's side never counts as played: the whole answer is what is
            caller.awaitEchoed(heardMs + TwilioFaultRig.ANSWER_MS, TwilioFaultRig.WAIT);
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
        try (TwilioCaller caller = rig.dial()) {
            caller.start(Map.of());
            String session = session(caller);
            simulator.configure(Map.of("ttsFault", "stall", "faultTimes", -1));

            caller.speak(TwilioFaultRig.question());
            TwilioFaultRig.awaitTrue("the answer's failure logged", () -> !logs.warnings(session).isEmpty());
            int failedTurnBytes = caller.audio().length;
            TwilioFaultRig.awaitTrue("the apology's speech failed too", () -> logs.warnings(session).size() >= 2);
            awaitLog(caller, ": the apology ended failed");
            rig.clearFaults();
            List<LogCapture.Line> warned = logs.warnings(session);
            assertThat("the answer's and the apology's speech failures: " + warned, warned.size(), is(2));
            warned.forEach(w -> assertThat(w.message(), containsString("operation=speak")));
            assertThat("no more of the apology than the stalled stream's first piece",
                       caller.audio().length - failedTurnBytes, lessThanOrEqualTo(STALLED_PIECE_BYTES));

            int before = caller.audio().length;
            caller.speak(TwilioFaultRig.question());
            caller.awaitAllEchoed(before / 8 + TwilioFaultRig.ANSWER_MS, TwilioFaultRig.WAIT);
            assertThat("the next question's whole answer", caller.audio().length - before,
                       both(greaterThanOrEqualTo(15_800)).and(lessThanOrEqualTo(16_200)));
            assertThat("one apology, none for the failed apology", apologies(caller), is(1L));
            assertThat("no failure since", logs.warnings(session).size(), is(2));
            assertThat("the call is still up", caller.closed().isDone(), is(false));
            hangUp(caller);
        }
        TwilioCallTest.awaitNoSession(engine);
    }

    private static String session(TwilioCaller caller) throws InterruptedException {
        Pattern started = Pattern.compile("call " + caller.callSid() + " \\(.*\\) is session (\\S+)");
        TwilioFaultRig.awaitTrue("the call's session logged", () -> logs.lines().stream()
                .anyMatch(l -> started.matcher(l.message()).find()));
        return logs.lines().stream().map(l -> started.matcher(l.message())).filter(m -> m.find())
                .findFirst().orElseThrow().group(1);
    }

    private static long apologies(TwilioCaller caller) {
        return logs.lines().stream().filter(l -> l.message().startsWith("call " + caller.callSid() + ": response ")
                && l.message().endsWith("saying the apology")).count();
    }

    private static void awaitLog(TwilioCaller caller, String text) throws InterruptedException {
        TwilioFaultRig.awaitTrue("log: " + text, () -> logs.lines().stream()
                .anyMatch(l -> l.message().equals("call " + caller.callSid() + text)));
    }

    private static void hangUp(TwilioCaller caller) throws Exception {
        caller.stop();
        assertThat(caller.closed().get(TwilioFaultRig.WAIT.toSeconds(), TimeUnit.SECONDS), is(1000));
    }
}

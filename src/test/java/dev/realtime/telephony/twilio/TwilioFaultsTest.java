package dev.realtime.telephony.twilio;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.realtime.testing.LogCapture;
import dev.realtime.testing.Metrics;
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
 * Twilio calls when things go wrong, against an engine whose providers are the harness's simulator with short
 * upstream timeouts. A provider fault in one turn fails that turn only: the caller hears no answer to it (with
 * PHONE_APOLOGY set empty, as here, the bridge says nothing on a failed response; {@link TwilioApologyTest} has the
 * apology), the failure is logged once for the call's session and counted, and the next
 * question on the same stream is answered in speech. A stream that goes silent without closing (Twilio's side lost)
 * ends the call after {@link SilenceWatch#LIMIT}, not after the HTTP idle timeout.
 */
class TwilioFaultsTest {
    private static TwilioFaultRig rig;
    private static ProviderSimulator simulator;
    private static TestEngine engine;
    private static LogCapture logs;

    @BeforeAll
    static void start() {
        // set but blank: the apology is off (TestEngine drops empty values as unset, so one space)
        rig = TwilioFaultRig.start(Map.of("PHONE_APOLOGY", " "));
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
        try (TwilioCaller caller = rig.dial()) {
            caller.start(Map.of());
            String session = await(Pattern.compile("call " + caller.callSid() + " \\(.*\\) is session (\\S+)"))
                    .group(1);
            String countedBefore = Metrics.scrape(engine);
            long injected = simulator.faultsInjected();
            simulator.configure(Map.of(faultKey, fault, "faultTimes", -1));

            caller.speak(TwilioFaultRig.question());
            TwilioFaultRig.awaitTrue("the failure logged for session " + session,
                                     () -> !logs.warnings(session).isEmpty());
            rig.clearFaults();
            assertThat("the simulator failed a request", simulator.faultsInjected(), greaterThan(injected));
            // a speech fault may come after some audio of the failed answer: what the caller heard of it
            int failedTurnBytes = caller.audio().length;
            assertThat("at most the first piece of the failed answer was heard", failedTurnBytes,
                       lessThanOrEqualTo(1000 * 8));

            caller.speak(TwilioFaultRig.question());
            caller.awaitAllEchoed(failedTurnBytes / 8 + TwilioFaultRig.ANSWER_MS, TwilioFaultRig.WAIT);
            int answerBytes = caller.audio().length - failedTurnBytes;
            assertThat("the next question's whole answer, on the same stream", answerBytes,
                       both(greaterThanOrEqualTo(15_800)).and(lessThanOrEqualTo(16_200)));
            assertThat("the call is still up", caller.closed().isDone(), is(false));
            assertThat(engine.engine().sessions().openSessions(), is(1));

            List<LogCapture.Line> warned = logs.warnings(session);
            assertThat("one WARNING for the failure: " + warned, warned.size(), is(1));
            assertThat(warned.getFirst().message(), both(containsString("provider=" + TwilioFaultRig.PROVIDER))
                    .and(containsString("operation=" + operation)));
            assertThat("counted once", providerErrors(Metrics.scrape(engine), operation)
                    - providerErrors(countedBefore, operation), is(1.0));

            caller.stop();
            assertThat(caller.closed().get(TwilioFaultRig.WAIT.toSeconds(), TimeUnit.SECONDS), is(1000));
        }
        TwilioCallTest.awaitNoSession(engine);
    }

    @Test
    void aStreamThatGoesSilentWithoutClosingEndsTheCall() throws Exception {
        double activeBefore = activeSessions();
        try (TwilioCaller caller = rig.dial()) {
            caller.start(Map.of());
            caller.speak(TwilioFaultRig.question());
            caller.awaitAllEchoed(TwilioFaultRig.ANSWER_MS, TwilioFaultRig.WAIT);
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
            TwilioFaultRig.awaitTrue("realtime_sessions_active back", () -> activeSessions() == activeBefore);
            assertThat("the engine dropped the connection", caller.closed().handle((code, e) -> true)
                    .get(TwilioFaultRig.WAIT.toSeconds(), TimeUnit.SECONDS), is(true));
            assertThat("logged once", logs.lines().stream()
                    .filter(l -> l.message().contains("call " + caller.callSid() + ": nothing from Twilio")).count(),
                       is(1L));
        }
    }

    private static double providerErrors(String scrape, String operation) {
        Matcher m = Pattern.compile("(?m)^realtime_provider_errors_total\\{([^}]*)} (\\S+)$").matcher(scrape);
        double sum = 0;
        while (m.find()) {
            if (m.group(1).contains("provider=\"" + TwilioFaultRig.PROVIDER + "\"")
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
        long deadline = System.nanoTime() + TwilioFaultRig.WAIT.toNanos();
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
}

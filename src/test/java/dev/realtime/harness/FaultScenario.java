package dev.realtime.harness;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.realtime.harness.SimulatorRig.Turn;
import dev.realtime.testing.LogCapture;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * One provider fault injected by the simulator during one turn, and what the engine must do about it (issue 12):
 * the turn ends in one failed response with an {@code upstream_<kind>} error; the failure is logged once at WARNING
 * on a thread of the session, with {@code provider=}, {@code operation=} and {@code kind=}; the counter
 * {@code realtime_provider_errors_total} rises by one for that provider, operation and kind; and the next turn on
 * the same socket completes, while the failed response never gets a second {@code response.done}.
 *
 * @param stage  the stage the fault hits
 * @param fault  the simulator's fault ({@code 500}, {@code 429}, {@code hang}, {@code drop}, {@code stall},
 *               {@code malformed})
 * @param kind   the expected kind, or empty when any kind is right
 * @param faulty the turn that meets the fault
 * @param next   the turn after it, with the fault cleared
 * @param says   words the client's error message must hold (which wait ran out), or empty
 */
record FaultScenario(Stage stage, String fault, Optional<String> kind, Turn faulty, Turn next, Optional<String> says) {
    FaultScenario(Stage stage, String fault, Optional<String> kind, Turn faulty, Turn next) {
        this(stage, fault, kind, faulty, next, Optional.empty());
    }

    /** This scenario, whose error message must also hold the words. */
    FaultScenario saying(String words) {
        return new FaultScenario(stage, fault, kind, faulty, next, Optional.of(words));
    }

    /**
     * Where a fault hits.
     *
     * @param provider  the stage's configured provider name (the counter's and the log's {@code provider})
     * @param operation {@code chat}, {@code transcribe} or {@code speak}
     * @param faultKey  the simulator's setting that injects faults there
     */
    record Stage(String provider, String operation, String faultKey) {
    }

    /** Runs the scenario on a session of the rig. */
    void run(SimulatorRig rig, SimulatorSession session) throws Exception {
        ProviderErrors countedBefore = ProviderErrors.scrape(rig.engine());
        int warnedBefore = rig.logs().warnings(session.id()).size();
        int eventMark = session.mark();
        long injected = rig.simulator().faultsInjected();

        rig.fault(stage.faultKey(), fault);
        List<JsonNode> failedTurn = faulty.run(session);
        rig.clearFaults();
        assertThat("the simulator failed a request", rig.simulator().faultsInjected(), greaterThan(injected));
        Events.Failure failure = Events.assertFailed(failedTurn, kind);
        says.ifPresent(words -> assertThat(failure.message(), containsString(words)));
        if (faulty == Turn.VOICE) {
            String item = Events.first(failedTurn, "input_audio_buffer.committed").path("item_id").asText();
            JsonNode failed = Events.first(failedTurn, "conversation.item.input_audio_transcription.failed");
            assertThat(failed.toString(), failed.path("item_id").asText(), is(item));
        }

        List<JsonNode> nextTurn = next.run(session);
        String nextId = Events.assertCompleted(nextTurn, next.audio());
        assertThat(nextId, not(failure.responseId()));
        long dones = Events.ofType(session.since(eventMark), "response.done").stream()
                .filter(e -> e.path("response").path("id").asText().equals(failure.responseId())).count();
        assertThat("response.done events of the failed response", dones, is(1L));
        // the engine logs a failure before the session fails the response, so by now the line is written
        assertLoggedOnce(rig, session, warnedBefore, failure);
        assertCountedOnce(countedBefore, ProviderErrors.scrape(rig.engine()), failure);
    }

    private void assertLoggedOnce(SimulatorRig rig, SimulatorSession session, int before, Events.Failure failure) {
        List<LogCapture.Line> all = rig.logs().warnings(session.id());
        List<LogCapture.Line> logged = all.subList(before, all.size());
        assertThat("one WARNING of session " + session.id() + " for the failure: " + logged, logged.size(), is(1));
        String message = logged.getFirst().message();
        assertThat(message, containsString("provider=" + stage.provider()));
        assertThat(message, containsString("operation=" + stage.operation()));
        assertThat(message, containsString("kind=" + failure.kind()));
    }

    private void assertCountedOnce(ProviderErrors before, ProviderErrors after, Events.Failure failure) {
        String series = stage.provider() + "/" + stage.operation() + "/" + failure.kind() + " in " + after;
        assertThat(series, after.total(stage.provider(), stage.operation())
                - before.total(stage.provider(), stage.operation()), is(1.0));
        assertThat(series, after.of(stage.provider(), stage.operation(), failure.kind())
                - before.of(stage.provider(), stage.operation(), failure.kind()), is(1.0));
        assertThat("no other provider error counted: " + after, after.sum() - before.sum(), is(1.0));
    }

    @Override
    public String toString() {
        return stage.provider() + " " + stage.operation() + " " + fault + " -> " + kind.orElse("any kind");
    }
}

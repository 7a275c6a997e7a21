package dev.realtime;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.realtime.warmup.WarmUpReport;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;

/**
 * The AOT cache is only as good as the training run: a warm-up whose sessions stop completing their turns would
 * record a thin cache without anyone noticing. This runs a short warm-up (the real scripts, fewer sessions and
 * phone calls) and checks every path of it ran.
 */
class WarmUpTest {
    @Test
    void aShortWarmUpCompletesEveryTurnOfItsSessionsAndCalls() throws Exception {
        int sessions = 3;
        int calls = 4;
        WarmUpReport report = WarmUp.train(Map.of(), Duration.ofSeconds(10), sessions, calls);

        assertThat(report.toString(), report.problems(), is(Map.of()));
        assertThat(report.toString(), report.sessions(), is(sessions));
        assertThat(report.toString(), report.failedSessions(), is(0));
        assertThat(report.toString(), report.timeouts(), is(0));
        // per session: three user turns spoken (the second interrupted by the third), each transcribed
        assertThat(report.toString(), report.transcripts(), is(3 * sessions));
        // per session: a voice turn, the turn that interrupts the second one, the answer after the tool output
        assertThat(report.toString(), report.completedTurns(), is(3 * sessions));
        assertThat(report.toString(), report.bargeIns(), is(sessions));
        assertThat(report.toString(), report.toolCalls(), is(sessions));
        // half the phone calls over SIP, half over Twilio Media Streams; per call: answered, both questions answered
        // with audio that came and stopped, hung up (a 200 to the BYE, the stream closed after stop)
        assertThat(report.toString(), report.calls(), is(calls / 2));
        assertThat(report.toString(), report.streams(), is(calls / 2));
        assertThat(report.toString(), report.failedCalls(), is(0));
        assertThat(report.toString(), report.phoneAnswers(), is(2 * calls));
        assertThat(report.toString(), report.hungUpCalls(), is(calls));
        // per session at least: 2 transcriptions, 3 chat completions, TTS of each spoken answer; per call: for each
        // question a transcription, a chat completion and TTS
        assertThat(report.toString(), report.providerRequests(), greaterThanOrEqualTo(7 * sessions + 6 * calls));
        assertThat(report.healthy(), is(true));
    }
}

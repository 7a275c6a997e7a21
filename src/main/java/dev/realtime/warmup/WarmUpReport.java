package dev.realtime.warmup;

import java.util.Map;

/**
 * What a warm-up did.
 *
 * @param sessions         sessions opened
 * @param failedSessions   sessions that could not be opened or broke off
 * @param transcripts      user turns the STT provider transcribed
 * @param completedTurns   responses that ended {@code completed} (voice turns, and text turns after the tool call)
 * @param bargeIns         responses cancelled by the client's speech
 * @param toolCalls        function calls the client answered
 * @param timeouts         turns (of sessions or calls) that did not end within 10 s
 * @param calls            SIP calls placed
 * @param streams          Twilio Media Streams calls placed
 * @param failedCalls      calls (either kind) refused, not answered, or not hung up cleanly
 * @param phoneAnswers     questions of the calls (either kind) answered with audio that came and stopped
 * @param hungUpCalls      calls whose BYE the engine answered with 200, streams it closed after {@code stop}
 * @param providerRequests calls the provider responder answered
 * @param problems         anything else seen (error events, other response statuses), with counts
 */
public record WarmUpReport(int sessions, int failedSessions, int transcripts, int completedTurns, int bargeIns,
                           int toolCalls, int timeouts, int calls, int streams, int failedCalls, int phoneAnswers,
                           int hungUpCalls, int providerRequests, Map<String, Long> problems) {
    /** @return whether every path ran (sessions and phone calls) and nothing went wrong */
    public boolean healthy() {
        return sessions > 0 && failedSessions == 0 && timeouts == 0 && problems.isEmpty() && transcripts > 0
                && completedTurns > 0 && bargeIns > 0 && toolCalls > 0
                && calls > 0 && streams > 0 && failedCalls == 0 && hungUpCalls == calls + streams
                && phoneAnswers == PhoneScript.TURNS * (calls + streams);
    }
}

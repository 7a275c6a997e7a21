package dev.realtime.warmup;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** What the warm-up sessions and phone calls did, counted from any session's or call's thread. */
final class WarmUpTally {
    private final AtomicInteger sessions = new AtomicInteger();
    private final AtomicInteger failedSessions = new AtomicInteger();
    private final AtomicInteger completed = new AtomicInteger();
    private final AtomicInteger transcripts = new AtomicInteger();
    private final AtomicInteger bargeIns = new AtomicInteger();
    private final AtomicInteger toolCalls = new AtomicInteger();
    private final AtomicInteger timeouts = new AtomicInteger();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger streams = new AtomicInteger();
    private final AtomicInteger failedCalls = new AtomicInteger();
    private final AtomicInteger phoneAnswers = new AtomicInteger();
    private final AtomicInteger hungUpCalls = new AtomicInteger();
    private final Map<String, LongAdder> problems = new ConcurrentHashMap<>();

    void session() {
        sessions.incrementAndGet();
    }

    void sessionFailed(String cause) {
        failedSessions.incrementAndGet();
        problem("session failed: " + cause);
    }

    /** A {@code response.done} with this status. */
    void turn(String status) {
        if ("completed".equals(status)) {
            completed.incrementAndGet();
        } else {
            problem("response " + status);
        }
    }

    void call() {
        calls.incrementAndGet();
    }

    void stream() {
        streams.incrementAndGet();
    }

    void callFailed(String cause) {
        failedCalls.incrementAndGet();
        problem("call failed: " + cause);
    }

    /** A phone call's question answered: the engine's audio came and stopped. */
    void phoneAnswer() {
        phoneAnswers.incrementAndGet();
    }

    /** A call hung up by its caller: the engine's 200 to the BYE, or its close of the stream after {@code stop}. */
    void callHungUp() {
        hungUpCalls.incrementAndGet();
    }

    void transcript() {
        transcripts.incrementAndGet();
    }

    void bargeIn() {
        bargeIns.incrementAndGet();
    }

    void toolCall() {
        toolCalls.incrementAndGet();
    }

    void timeout() {
        timeouts.incrementAndGet();
    }

    void error(String message) {
        problem("error event: " + message);
    }

    private void problem(String what) {
        problems.computeIfAbsent(what, k -> new LongAdder()).increment();
    }

    WarmUpReport report(int providerRequests) {
        Map<String, Long> seen = new TreeMap<>();
        problems.forEach((k, v) -> seen.put(k, v.sum()));
        return new WarmUpReport(sessions.get(), failedSessions.get(), transcripts.get(), completed.get(),
                                bargeIns.get(), toolCalls.get(), timeouts.get(), calls.get(), streams.get(),
                                failedCalls.get(), phoneAnswers.get(), hungUpCalls.get(), providerRequests,
                                Map.copyOf(seen));
    }
}

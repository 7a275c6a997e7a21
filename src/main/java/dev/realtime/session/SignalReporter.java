package dev.realtime.session;

import java.util.function.Consumer;

import dev.realtime.session.SessionMessage.RunSignal;

/**
 * Posts one response's signals to the session's inbox until the response is stopped. Called from the response's
 * threads (model, speaker); {@link #stop()} from the session loop.
 */
final class SignalReporter {
    private final String responseId;
    private final Consumer<SessionMessage> inbox;
    private volatile boolean stopped;

    SignalReporter(String responseId, Consumer<SessionMessage> inbox) {
        this.responseId = responseId;
        this.inbox = inbox;
    }

    void report(RunSignal signal) {
        if (!stopped) {
            inbox.accept(new SessionMessage.Run(responseId, signal));
        }
    }

    void stop() {
        stopped = true;
    }
}

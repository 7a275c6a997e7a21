package dev.realtime.session.run;

import java.util.function.Consumer;

/**
 * Posts one response's signals to the session loop until the response is stopped. Called from the response's
 * threads (model, speaker); {@link #stop()} from the session loop.
 */
public final class SignalReporter {
    private final Consumer<RunSignal> loop;
    private volatile boolean stopped;

    /**
     * Creates a reporter. Called on the session loop.
     *
     * @param loop posts a signal of this response to the session loop's inbox; called from the run's threads
     */
    public SignalReporter(Consumer<RunSignal> loop) {
        this.loop = loop;
    }

    void report(RunSignal signal) {
        if (!stopped) {
            loop.accept(signal);
        }
    }

    /** Drops whatever the run reports from now on. Any thread. */
    public void stop() {
        stopped = true;
    }
}

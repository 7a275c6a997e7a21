package dev.realtime.session.run;

import java.util.Optional;

import dev.realtime.llm.Usage;

/** Text responses: model text and other signals go to the client as they come. Called on the model thread. */
final class DirectOutput implements TextOutput {
    private final SignalReporter reporter;

    DirectOutput(SignalReporter reporter) {
        this.reporter = reporter;
    }

    @Override
    public void text(String delta) {
        reporter.report(new RunSignal.Text(delta));
    }

    @Override
    public void signal(RunSignal signal) {
        reporter.report(signal);
    }

    @Override
    public void finish(String finishReason, Optional<Usage> usage) {
        reporter.report(new RunSignal.Finished(finishReason, usage));
    }

    @Override
    public void cancel() {
        // nothing held
    }
}

package dev.realtime.session.run;

import java.util.Optional;

import dev.realtime.llm.Usage;

/**
 * Where a response's model output goes: straight to the client as text, or through speech first. Called on the
 * response's model thread.
 */
public interface TextOutput {
    /** A piece of model text. */
    void text(String delta);

    /**
     * Any other signal (a tool call, a tool's output), delivered after everything given before it, so that items
     * reach the conversation in the order the model produced them.
     */
    void signal(RunSignal signal);

    /** The model finished; the output reports the response's end when everything it holds is delivered. */
    void finish(String finishReason, Optional<Usage> usage);

    /** Stops delivering (the response was cancelled). Any thread. */
    void cancel();
}

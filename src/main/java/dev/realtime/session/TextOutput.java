package dev.realtime.session;

import java.util.Optional;

import dev.realtime.llm.Usage;

/**
 * Where a response's model text goes: straight to the client as text, or through speech first. Called on the
 * response's model thread.
 */
interface TextOutput {
    /** A piece of model text. */
    void text(String delta);

    /** The model finished; the output reports the response's end when everything it holds is delivered. */
    void finish(String finishReason, Optional<Usage> usage);

    /** Stops delivering (the response was cancelled). Any thread. */
    void cancel();
}

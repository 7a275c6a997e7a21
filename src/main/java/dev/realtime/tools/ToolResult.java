package dev.realtime.tools;

import java.util.Objects;
import java.util.Optional;

import dev.realtime.upstream.Fault;

/**
 * What a server tool call gave back, as the text the model receives as the tool's result.
 *
 * @param ok     whether the tool answered with success
 * @param output the body of a successful answer, or a small JSON object with an {@code error} message
 * @param fault  how the tool's server failed (an error status, no answer in time, unreachable), when it did; empty
 *               for a success and for a call that was not made (bad arguments)
 */
public record ToolResult(boolean ok, String output, Optional<Fault> fault) {
    public ToolResult {
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(fault, "fault");
    }

    /** A result without an upstream failure: a success, or a call that was not made. */
    public ToolResult(boolean ok, String output) {
        this(ok, output, Optional.empty());
    }
}

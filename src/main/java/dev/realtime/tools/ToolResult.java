package dev.realtime.tools;

import java.util.Objects;

/**
 * What a server tool call gave back, as the text the model receives as the tool's result.
 *
 * @param ok     whether the tool answered with success
 * @param output the body of a successful answer, or a small JSON object with an {@code error} message
 */
public record ToolResult(boolean ok, String output) {
    public ToolResult {
        Objects.requireNonNull(output, "output");
    }
}

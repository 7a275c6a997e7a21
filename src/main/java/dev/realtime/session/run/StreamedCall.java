package dev.realtime.session.run;

import java.util.List;

import dev.realtime.llm.ToolCall;

/**
 * A complete tool call of the model with the argument fragments it arrived in, so the client sees the same
 * pieces as argument deltas.
 *
 * @param call      the call
 * @param fragments its arguments as they streamed; they concatenate to {@code call.arguments()}
 */
public record StreamedCall(ToolCall call, List<String> fragments) {
    public StreamedCall {
        fragments = List.copyOf(fragments);
    }

    /** The same call with other arguments, given as one fragment. */
    StreamedCall withArguments(String arguments) {
        return new StreamedCall(new ToolCall(call.id(), call.name(), arguments), List.of(arguments));
    }
}

package dev.realtime.llm;

import java.util.Objects;

/**
 * A complete tool call made by the model. Immutable.
 *
 * @param id        call id; the tool result answers it with the same id
 * @param name      function name
 * @param arguments the arguments as a JSON string, exactly as the model produced it
 */
public record ToolCall(String id, String name, String arguments) {
    public ToolCall {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arguments, "arguments");
    }
}

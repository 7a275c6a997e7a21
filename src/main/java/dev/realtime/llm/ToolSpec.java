package dev.realtime.llm;

import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A function the model may call. Immutable; do not mutate {@code parameters} after construction.
 *
 * @param name        function name
 * @param description what the function does, for the model
 * @param parameters  JSON Schema of the arguments object
 */
public record ToolSpec(String name, String description, JsonNode parameters) {
    public ToolSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(parameters, "parameters");
    }
}

package dev.realtime.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A function tool the model may call.
 *
 * @param name        function name
 * @param description what it does, for the model
 * @param parameters  JSON Schema of its arguments
 */
public record FunctionTool(String name, String description, JsonNode parameters) {
}

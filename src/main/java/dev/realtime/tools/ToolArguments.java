package dev.realtime.tools;

import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import dev.realtime.llm.ToolCall;
import dev.realtime.llm.ToolSpec;

/**
 * Checks a model's tool call against the tools it was offered: the name must be one of them and the arguments a
 * JSON object valid for that tool's JSON Schema. Schemas are compiled on first use. Confined to the thread of the
 * response that created it; not thread-safe.
 */
public final class ToolArguments {
    private static final System.Logger LOGGER = System.getLogger(ToolArguments.class.getName());
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, ToolSpec> tools;
    private final Map<String, Optional<JsonSchema>> compiled = new HashMap<>();

    private ToolArguments(Map<String, ToolSpec> tools) {
        this.tools = tools;
    }

    /**
     * @param tools the tools offered to the model
     * @return a checker for calls against these tools
     */
    public static ToolArguments of(List<ToolSpec> tools) {
        return new ToolArguments(tools.stream().collect(Collectors.toMap(ToolSpec::name, t -> t, (a, b) -> b)));
    }

    /**
     * The arguments of a call as a JSON tree; an empty string (some models send it for functions without
     * parameters) reads as an empty object.
     *
     * @param arguments the arguments string
     * @return the parsed object
     * @throws IllegalArgumentException when the text is not a JSON object
     */
    public static JsonNode parse(String arguments) {
        if (arguments.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(arguments);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("arguments must be a JSON object, got: " + abbreviate(arguments));
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("arguments are not valid JSON (" + e.getOriginalMessage() + "): "
                                                       + abbreviate(arguments));
        }
    }

    /**
     * Checks one call.
     *
     * @param call the call as the model made it
     * @return what is wrong with it, for the model to correct; empty when the call is valid
     */
    public Optional<String> problem(ToolCall call) {
        ToolSpec spec = tools.get(call.name());
        if (spec == null) {
            return Optional.of("There is no tool named '" + call.name() + "'. Available tools: "
                                       + String.join(", ", tools.keySet()) + ".");
        }
        JsonNode arguments;
        try {
            arguments = parse(call.arguments());
        } catch (IllegalArgumentException e) {
            return Optional.of("The call to '" + call.name() + "' was rejected: " + e.getMessage());
        }
        Optional<JsonSchema> schema = compiled.computeIfAbsent(call.name(), n -> compile(spec));
        if (schema.isEmpty()) {
            return Optional.empty();
        }
        Set<ValidationMessage> errors = schema.get().validate(arguments);
        if (errors.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("The arguments of '" + call.name() + "' do not match its parameters schema: "
                                   + errors.stream().map(ValidationMessage::getMessage).sorted()
                .collect(Collectors.joining("; ")) + ".");
    }

    private static Optional<JsonSchema> compile(ToolSpec spec) {
        try {
            JsonSchema schema = SCHEMAS.getSchema(spec.parameters());
            schema.initializeValidators();
            return Optional.of(schema);
        } catch (RuntimeException e) {
            // a client's schema we cannot read must not stop its tool from working: skip the check
            LOGGER.log(Level.WARNING, "tool '" + spec.name() + "' has a parameters schema that cannot be compiled; "
                    + "its arguments are not validated: " + e.getMessage());
            return Optional.empty();
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}

package dev.realtime.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Parsers for the parts of a session configuration that both dialects share: turn detection, tools, tool choice,
 * token limits, transcription, voice. Pure functions.
 */
final class SessionFields {
    private static final Pattern TOOL_NAME = Pattern.compile("^[a-zA-Z0-9_-]{1,64}$");
    private static final Set<String> EAGERNESS = Set.of("low", "medium", "high", "auto");
    private static final Set<String> NOISE_REDUCTION = Set.of("near_field", "far_field");

    private SessionFields() {
    }

    /** Deep-merges a {@code turn_detection} patch into the current value; {@code null} means manual turns. */
    static Optional<TurnDetection> turnDetection(Optional<TurnDetection> current, JsonNode patch, String path) {
        if (patch.isNull()) {
            return Optional.empty();
        }
        ObjectNode node = Fields.object(patch, path);
        String type = Fields.optionalString(node, "type", path + ".type")
                .orElse(current.map(TurnDetection::type).orElse(TurnDetection.SERVER_VAD));
        TurnDetection base;
        if (current.isPresent() && current.get().type().equals(type)) {
            base = current.get();
        } else if (TurnDetection.SERVER_VAD.equals(type)) {
            base = TurnDetection.serverVad();
        } else if (TurnDetection.SEMANTIC_VAD.equals(type)) {
            base = TurnDetection.semanticVad();
        } else {
            throw Fields.invalidValue(path + ".type", "expected 'server_vad' or 'semantic_vad', got '" + type + "'.");
        }
        double threshold = base.threshold();
        int prefix = base.prefixPaddingMs();
        int silence = base.silenceDurationMs();
        OptionalInt idle = base.idleTimeoutMs();
        boolean create = base.createResponse();
        boolean interrupt = base.interruptResponse();
        Optional<String> eagerness = base.eagerness();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String p = path + "." + e.getKey();
            JsonNode v = e.getValue();
            switch (e.getKey()) {
                case "type" -> { }
                case "threshold" -> threshold = Fields.number(v, p, 0.0, 1.0);
                case "prefix_padding_ms" -> prefix = Fields.integer(v, p, 0, 10_000);
                case "silence_duration_ms" -> silence = Fields.integer(v, p, 0, 10_000);
                case "idle_timeout_ms" -> idle = v.isNull() ? OptionalInt.empty()
                        : OptionalInt.of(Fields.integer(v, p, 1, 3_600_000));
                case "create_response" -> create = Fields.bool(v, p);
                case "interrupt_response" -> interrupt = Fields.bool(v, p);
                case "eagerness" -> {
                    String value = Fields.string(v, p);
                    if (!EAGERNESS.contains(value)) {
                        throw Fields.invalidValue(p, "expected one of low, medium, high, auto.");
                    }
                    eagerness = Optional.of(value);
                }
                default -> throw Fields.unknown(p);
            }
        }
        return Optional.of(new TurnDetection(type, threshold, prefix, silence, idle, create, interrupt, eagerness));
    }

    /** Parses a tools array. */
    static List<FunctionTool> tools(JsonNode value, String path) {
        List<FunctionTool> tools = new ArrayList<>();
        List<JsonNode> nodes = Fields.array(value, path);
        for (int i = 0; i < nodes.size(); i++) {
            String p = path + "[" + i + "]";
            ObjectNode tool = Fields.object(nodes.get(i), p);
            String type = Fields.optionalString(tool, "type", p + ".type").orElse("function");
            if (!"function".equals(type)) {
                throw Fields.invalidValue(p + ".type", "only 'function' tools are supported, got '" + type + "'.");
            }
            String name = Fields.string(Fields.required(tool, "name", p + ".name"), p + ".name");
            if (!TOOL_NAME.matcher(name).matches()) {
                throw Fields.invalidValue(p + ".name", "must match ^[a-zA-Z0-9_-]{1,64}$.");
            }
            if (tools.stream().anyMatch(t -> t.name().equals(name))) {
                throw Fields.invalidValue(p + ".name", "duplicate tool name '" + name + "'.");
            }
            String description = Fields.optionalString(tool, "description", p + ".description").orElse("");
            JsonNode parameters = tool.get("parameters");
            if (parameters != null && !parameters.isNull()) {
                Fields.object(parameters, p + ".parameters");
            }
            for (String key : (Iterable<String>) tool::fieldNames) {
                if (!Set.of("type", "name", "description", "parameters").contains(key)) {
                    throw Fields.unknown(p + "." + key);
                }
            }
            tools.add(new FunctionTool(name, description,
                                       parameters == null || parameters.isNull() ? emptySchema(tool) : parameters));
        }
        return tools;
    }

    /** Parses {@code tool_choice}: a mode string or {@code {type:"function",name}}. */
    static ToolChoice toolChoice(JsonNode value, String path) {
        if (value.isTextual()) {
            String mode = value.textValue();
            if (!Set.of("auto", "none", "required").contains(mode)) {
                throw Fields.invalidValue(path, "expected 'auto', 'none', 'required' or a function.");
            }
            return new ToolChoice(mode, Optional.empty());
        }
        ObjectNode node = Fields.object(value, path);
        String type = Fields.string(Fields.required(node, "type", path + ".type"), path + ".type");
        if (!"function".equals(type)) {
            throw Fields.invalidValue(path + ".type", "only 'function' is supported.");
        }
        JsonNode name = node.has("function") && !node.has("name")
                ? Fields.required(node.get("function"), "name", path + ".function.name")
                : Fields.required(node, "name", path + ".name");
        return ToolChoice.function(Fields.string(name, path + ".name"));
    }

    /** Parses a token limit: an integer 1..4096 or {@code "inf"}. */
    static TokenLimit tokenLimit(JsonNode value, String path) {
        if (value.isTextual() && "inf".equals(value.textValue())) {
            return TokenLimit.INF;
        }
        if (value.isTextual()) {
            throw Fields.invalidValue(path, "expected an integer between 1 and 4096, or 'inf'.");
        }
        return TokenLimit.of(Fields.integer(value, path, 1, 4096));
    }

    /** Parses transcription settings; {@code null} turns transcription off. */
    static Optional<Transcription> transcription(JsonNode value, String path) {
        if (value.isNull()) {
            return Optional.empty();
        }
        ObjectNode node = Fields.object(value, path);
        for (String key : (Iterable<String>) node::fieldNames) {
            if (!Set.of("model", "language", "prompt").contains(key)) {
                throw Fields.unknown(path + "." + key);
            }
        }
        return Optional.of(new Transcription(
                Fields.optionalString(node, "model", path + ".model").orElse("whisper-1"),
                Fields.optionalString(node, "language", path + ".language"),
                Fields.optionalString(node, "prompt", path + ".prompt")));
    }

    /** Parses noise reduction; {@code null} turns it off. */
    static Optional<String> noiseReduction(JsonNode value, String path) {
        if (value.isNull()) {
            return Optional.empty();
        }
        ObjectNode node = Fields.object(value, path);
        String type = Fields.string(Fields.required(node, "type", path + ".type"), path + ".type");
        if (!NOISE_REDUCTION.contains(type)) {
            throw Fields.invalidValue(path + ".type", "expected 'near_field' or 'far_field'.");
        }
        return Optional.of(type);
    }

    /** Parses a voice: a name or {@code {id}}. */
    static String voice(JsonNode value, String path) {
        if (value.isObject()) {
            return Fields.string(Fields.required(value, "id", path + ".id"), path + ".id");
        }
        String voice = Fields.string(value, path);
        if (voice.isBlank()) {
            throw Fields.invalidValue(path, "voice must not be empty.");
        }
        return voice;
    }

    private static JsonNode emptySchema(ObjectNode tool) {
        return tool.objectNode().put("type", "object").set("properties", tool.objectNode());
    }
}

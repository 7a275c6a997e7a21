package dev.realtime.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Typed reads of JSON fields that fail with a {@link ProtocolException} naming the parameter path.
 * Pure functions, called on whichever thread parses.
 */
final class Fields {
    private Fields() {
    }

    static JsonNode required(JsonNode parent, String name, String path) {
        JsonNode value = parent.get(name);
        if (value == null || value.isMissingNode()) {
            throw ProtocolException.invalid("missing_required_parameter",
                                            "Missing required parameter: '" + path + "'.", path);
        }
        return value;
    }

    static ObjectNode object(JsonNode value, String path) {
        if (!value.isObject()) {
            throw invalidType(path, "an object", value);
        }
        return (ObjectNode) value;
    }

    static String string(JsonNode value, String path) {
        if (!value.isTextual()) {
            throw invalidType(path, "a string", value);
        }
        return value.textValue();
    }

    static Optional<String> optionalString(JsonNode parent, String name, String path) {
        JsonNode value = parent.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        return Optional.of(string(value, path));
    }

    static int integer(JsonNode value, String path, int min, int max) {
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw invalidType(path, "an integer", value);
        }
        int v = value.intValue();
        if (v < min || v > max) {
            throw outOfRange(path, min, max, value);
        }
        return v;
    }

    static double number(JsonNode value, String path, double min, double max) {
        if (!value.isNumber()) {
            throw invalidType(path, "a number", value);
        }
        double v = value.doubleValue();
        if (v < min || v > max) {
            throw outOfRange(path, min, max, value);
        }
        return v;
    }

    static boolean bool(JsonNode value, String path) {
        if (!value.isBoolean()) {
            throw invalidType(path, "a boolean", value);
        }
        return value.booleanValue();
    }

    static List<JsonNode> array(JsonNode value, String path) {
        if (!value.isArray()) {
            throw invalidType(path, "an array", value);
        }
        List<JsonNode> list = new ArrayList<>();
        value.forEach(list::add);
        return list;
    }

    static List<String> strings(JsonNode value, String path) {
        List<String> list = new ArrayList<>();
        List<JsonNode> nodes = array(value, path);
        for (int i = 0; i < nodes.size(); i++) {
            list.add(string(nodes.get(i), path + "[" + i + "]"));
        }
        return list;
    }

    static ProtocolException invalidValue(String path, String message) {
        return ProtocolException.invalid("invalid_value", "Invalid value for '" + path + "': " + message, path);
    }

    static ProtocolException unknown(String path) {
        return ProtocolException.invalid("unknown_parameter", "Unknown parameter: '" + path + "'.", path);
    }

    private static ProtocolException invalidType(String path, String expected, JsonNode value) {
        return ProtocolException.invalid("invalid_type",
                                         "Invalid type for '" + path + "': expected " + expected + ", but got "
                                                 + describe(value) + ".", path);
    }

    private static ProtocolException outOfRange(String path, Object min, Object max, JsonNode value) {
        return ProtocolException.invalid("invalid_value",
                                         "Invalid value for '" + path + "': " + value + " is not between " + min
                                                 + " and " + max + ".", path);
    }

    private static String describe(JsonNode value) {
        return switch (value.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case NULL -> "null";
            default -> "an unsupported value";
        };
    }
}

package dev.realtime.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Parses client-supplied conversation items ({@code conversation.item.create}, {@code response.create} input).
 * Accepts both dialects' content spellings. Pure.
 */
final class ItemParser {
    private static final Set<String> ITEM_KEYS = Set.of("id", "type", "object", "status", "role", "content",
                                                        "call_id", "name", "arguments", "output");

    private ItemParser() {
    }

    static Item item(JsonNode value, String path) {
        ObjectNode node = Fields.object(value, path);
        for (String key : (Iterable<String>) node::fieldNames) {
            if (!ITEM_KEYS.contains(key)) {
                throw Fields.unknown(path + "." + key);
            }
        }
        String id = Fields.optionalString(node, "id", path + ".id").orElseGet(Ids::item);
        if (id.isBlank() || id.length() > 64) {
            throw Fields.invalidValue(path + ".id", "must be 1 to 64 characters.");
        }
        String type = Fields.string(Fields.required(node, "type", path + ".type"), path + ".type");
        return switch (type) {
            case "message" -> message(node, id, path);
            case "function_call" -> new Item.FunctionCall(
                    id,
                    requiredString(node, "call_id", path),
                    requiredString(node, "name", path),
                    Fields.optionalString(node, "arguments", path + ".arguments").orElse("{}"),
                    Item.Status.COMPLETED);
            case "function_call_output" -> new Item.FunctionCallOutput(
                    id,
                    requiredString(node, "call_id", path),
                    requiredString(node, "output", path),
                    Item.Status.COMPLETED);
            default -> throw Fields.invalidValue(path + ".type",
                                                 "expected 'message', 'function_call' or 'function_call_output'.");
        };
    }

    private static Item.Message message(ObjectNode node, String id, String path) {
        String roleName = requiredString(node, "role", path);
        Item.Role role = switch (roleName) {
            case "user" -> Item.Role.USER;
            case "assistant" -> Item.Role.ASSISTANT;
            case "system" -> Item.Role.SYSTEM;
            default -> throw Fields.invalidValue(path + ".role", "expected 'user', 'assistant' or 'system'.");
        };
        List<JsonNode> parts = Fields.array(Fields.required(node, "content", path + ".content"), path + ".content");
        List<Content> content = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            content.add(content(role, parts.get(i), path + ".content[" + i + "]"));
        }
        return new Item.Message(id, role, Item.Status.COMPLETED, content);
    }

    private static Content content(Item.Role role, JsonNode value, String path) {
        ObjectNode part = Fields.object(value, path);
        String type = requiredString(part, "type", path);
        Content content = switch (type) {
            case "input_text" -> new Content.InputText(requiredString(part, "text", path));
            case "input_audio" -> new Content.InputAudio(Fields.optionalString(part, "audio", path + ".audio"),
                                                         Fields.optionalString(part, "transcript",
                                                                               path + ".transcript"));
            case "input_image" -> new Content.InputImage(requiredString(part, "image_url", path),
                                                         Fields.optionalString(part, "detail", path + ".detail"));
            case "output_text", "text" -> new Content.OutputText(requiredString(part, "text", path));
            case "output_audio", "audio" -> throw Fields.invalidValue(
                    path + ".type", "creating assistant audio content is not supported; use output_text.");
            default -> throw Fields.invalidValue(path + ".type", "unknown content type '" + type + "'.");
        };
        boolean allowed = switch (role) {
            case USER -> content instanceof Content.InputText || content instanceof Content.InputAudio
                    || content instanceof Content.InputImage;
            case SYSTEM -> content instanceof Content.InputText;
            case ASSISTANT -> content instanceof Content.OutputText;
        };
        if (!allowed) {
            throw Fields.invalidValue(path + ".type", "'" + type + "' is not allowed in a " + role.wire()
                    + " message.");
        }
        return content;
    }

    static List<ResponseParams.ResponseInput> input(JsonNode value, String path) {
        List<ResponseParams.ResponseInput> input = new ArrayList<>();
        List<JsonNode> nodes = Fields.array(value, path);
        for (int i = 0; i < nodes.size(); i++) {
            String p = path + "[" + i + "]";
            JsonNode node = nodes.get(i);
            if ("item_reference".equals(node.path("type").asText())) {
                input.add(new ResponseParams.ResponseInput.Reference(requiredString(node, "id", p)));
            } else {
                input.add(new ResponseParams.ResponseInput.Inline(item(node, p)));
            }
        }
        return input;
    }

    static Map<String, String> metadata(JsonNode value, String path) {
        ObjectNode node = Fields.object(value, path);
        if (node.size() > 16) {
            throw Fields.invalidValue(path, "at most 16 keys are allowed.");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            metadata.put(e.getKey(), Fields.string(e.getValue(), path + "." + e.getKey()));
        }
        return metadata;
    }

    private static String requiredString(JsonNode node, String name, String path) {
        return Fields.string(Fields.required(node, name, path + "." + name), path + "." + name);
    }

    static Optional<String> previousItemId(JsonNode event) {
        JsonNode value = event.get("previous_item_id");
        return value == null || value.isNull() ? Optional.empty()
                : Optional.of(Fields.string(value, "previous_item_id"));
    }
}

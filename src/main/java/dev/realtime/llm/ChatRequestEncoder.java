package dev.realtime.llm;

import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builds the JSON body of a streaming {@code /chat/completions} request. Pure and thread-safe.
 */
final class ChatRequestEncoder {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> KEYWORD_CHOICES = Set.of("auto", "none", "required");

    private ChatRequestEncoder() {
    }

    static byte[] encode(LlmSettings settings, ChatRequest request) {
        try {
            return MAPPER.writeValueAsBytes(toJson(settings, request));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize chat request", e);
        }
    }

    static ObjectNode toJson(LlmSettings settings, ChatRequest request) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("model", settings.model());
        root.put("stream", true);
        root.putObject("stream_options").put("include_usage", true);
        ArrayNode messages = root.putArray("messages");
        request.messages().forEach(m -> messages.add(message(m)));
        if (!request.tools().isEmpty()) {
            ArrayNode tools = root.putArray("tools");
            for (ToolSpec spec : request.tools()) {
                ObjectNode function = tools.addObject().put("type", "function").putObject("function");
                function.put("name", spec.name()).put("description", spec.description());
                function.set("parameters", spec.parameters());
            }
            request.toolChoice().ifPresent(choice -> {
                if (KEYWORD_CHOICES.contains(choice)) {
                    root.put("tool_choice", choice);
                } else {
                    ObjectNode named = root.putObject("tool_choice").put("type", "function");
                    named.putObject("function").put("name", choice);
                }
            });
        }
        request.temperature().ifPresent(t -> root.put("temperature", t));
        request.maxOutputTokens().ifPresent(max -> root.put(settings.maxTokensField(), max));
        return root;
    }

    private static ObjectNode message(ChatMessage message) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("role", message.role().name().toLowerCase(Locale.ROOT));
        switch (message.role()) {
            case ASSISTANT -> {
                if (message.toolCalls().isEmpty()) {
                    node.put("content", message.content());
                    break;
                }
                if (message.content().isEmpty()) {
                    node.putNull("content");
                } else {
                    node.put("content", message.content());
                }
                ArrayNode calls = node.putArray("tool_calls");
                for (ToolCall call : message.toolCalls()) {
                    ObjectNode c = calls.addObject().put("id", call.id()).put("type", "function");
                    c.putObject("function").put("name", call.name()).put("arguments", call.arguments());
                }
            }
            case TOOL -> {
                node.put("tool_call_id", message.toolCallId().orElseThrow());
                node.put("content", message.content());
            }
            default -> node.put("content", message.content());
        }
        return node;
    }
}

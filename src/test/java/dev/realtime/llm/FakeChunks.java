package dev.realtime.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JSON payloads of {@code chat.completion.chunk} events as real providers send them, including extra fields a
 * client must ignore ({@code obfuscation}, {@code system_fingerprint}). Pure.
 */
final class FakeChunks {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private FakeChunks() {
    }

    static ObjectNode envelope() {
        ObjectNode chunk = MAPPER.createObjectNode()
                .put("id", "chatcmpl-fake")
                .put("object", "chat.completion.chunk")
                .put("created", 1_767_225_600L)
                .put("model", "fake-model")
                .put("system_fingerprint", "fp_fake")
                .put("obfuscation", "q8Zp");
        chunk.putArray("choices");
        return chunk;
    }

    /** A chunk with one choice holding {@code delta} and {@code finish_reason}. */
    static ObjectNode choice(ObjectNode delta, String finishReason) {
        ObjectNode chunk = envelope();
        ObjectNode choice = ((ArrayNode) chunk.get("choices")).addObject().put("index", 0);
        choice.set("delta", delta);
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return chunk;
    }

    static String role() {
        return choice(MAPPER.createObjectNode().put("role", "assistant").put("content", ""), null).toString();
    }

    static String content(String text) {
        return choice(MAPPER.createObjectNode().put("content", text), null).toString();
    }

    static String deltaField(String field, String text) {
        ObjectNode delta = MAPPER.createObjectNode().putNull("content");
        delta.put(field, text);
        return choice(delta, null).toString();
    }

    static String toolCall(int index, String id, String name, String arguments) {
        ObjectNode delta = MAPPER.createObjectNode();
        ObjectNode call = delta.putArray("tool_calls").addObject().put("index", index);
        if (id != null) {
            call.put("id", id).put("type", "function");
        }
        ObjectNode function = call.putObject("function");
        if (name != null) {
            function.put("name", name);
        }
        function.put("arguments", arguments);
        return choice(delta, null).toString();
    }

    static String finish(String reason) {
        return choice(MAPPER.createObjectNode(), reason).toString();
    }

    static String usage(int prompt, int completion) {
        ObjectNode chunk = envelope();
        chunk.putObject("usage").put("prompt_tokens", prompt).put("completion_tokens", completion)
                .put("total_tokens", prompt + completion);
        return chunk.toString();
    }

    static String groqFinishWithUsage(String reason, int prompt, int completion) {
        ObjectNode chunk = choice(MAPPER.createObjectNode(), reason);
        chunk.putObject("x_groq").put("id", "req_fake").putObject("usage").put("prompt_tokens", prompt)
                .put("completion_tokens", completion).put("total_tokens", prompt + completion);
        return chunk.toString();
    }

    static String openAiError(String message, String type, String code) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode error = root.putObject("error").put("message", message).put("type", type).putNull("param");
        if (code == null) {
            error.putNull("code");
        } else {
            error.put("code", code);
        }
        return root.toString();
    }

    static String openRouterErrorChunk(int code, String message) {
        ObjectNode chunk = choice(MAPPER.createObjectNode().put("content", ""), "error");
        chunk.putObject("error").put("code", code).put("message", message)
                .putObject("metadata").put("error_type", "provider_unavailable");
        return chunk.toString();
    }
}

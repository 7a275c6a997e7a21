package dev.realtime.llm;

import java.util.Optional;
import java.util.OptionalInt;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An error an upstream reported, parsed from any of the four body shapes providers use: OpenAI/Groq/Ollama
 * {@code {"error":{"message","type","code"}}}, OpenRouter {@code {"error":{"code":429,"message","metadata"}}},
 * older vLLM {@code {"object":"error","message",...}} and FastAPI {@code {"detail":"..."}}. Pure.
 *
 * @param message what the upstream said, or the raw body truncated to 300 characters
 * @param code    the error code, when the body had one
 * @param type    the error type, when the body had one
 */
record UpstreamError(String message, Optional<String> code, Optional<String> type) {

    private static final int RAW_LIMIT = 300;

    static UpstreamError parse(String body) {
        JsonNode root;
        try {
            root = ChatRequestEncoder.MAPPER.readTree(body);
        } catch (Exception e) {
            return raw(body);
        }
        if (root == null || !root.isObject()) {
            return raw(body);
        }
        JsonNode error = root.path("error");
        if (error.isObject()) {
            return fromObject(error, body);
        }
        if (error.isTextual()) {
            return new UpstreamError(error.asText(), Optional.empty(), Optional.empty());
        }
        if ("error".equals(root.path("object").asText()) || root.has("message")) {
            return fromObject(root, body);
        }
        JsonNode detail = root.path("detail");
        if (!detail.isMissingNode() && !detail.isNull()) {
            return new UpstreamError(detail.isTextual() ? detail.asText() : truncate(detail.toString()),
                                     Optional.empty(), Optional.empty());
        }
        return raw(body);
    }

    /**
     * @return true when the body says the account ran out of credit (OpenAI {@code insufficient_quota})
     */
    boolean quotaExhausted() {
        return code.filter("insufficient_quota"::equals).isPresent()
                || type.filter("insufficient_quota"::equals).isPresent();
    }

    ChatException toException(String provider, ChatException.Kind kind, OptionalInt status) {
        String where = status.isPresent() ? " returned " + status.getAsInt() : " failed";
        return new ChatException(kind, "Upstream " + provider + where + ": " + message, status, code, null);
    }

    private static UpstreamError fromObject(JsonNode node, String body) {
        String message = text(node.path("message")).orElseGet(() -> truncate(body));
        return new UpstreamError(message, text(node.path("code")), text(node.path("type")));
    }

    private static Optional<String> text(JsonNode node) {
        return node.isValueNode() && !node.isNull() && !node.asText().isEmpty()
                ? Optional.of(node.asText()) : Optional.empty();
    }

    private static UpstreamError raw(String body) {
        String text = body.isBlank() ? "(empty body)" : truncate(body.strip());
        return new UpstreamError(text, Optional.empty(), Optional.empty());
    }

    private static String truncate(String s) {
        return s.length() <= RAW_LIMIT ? s : s.substring(0, RAW_LIMIT) + "...";
    }
}

package dev.realtime.upstream;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An error body of an OpenAI-compatible upstream, in any of the shapes providers use: OpenAI/Groq/Ollama/LocalAI
 * {@code {"error":{"message","type","code"}}} or {@code {"error":"..."}}, OpenRouter
 * {@code {"error":{"code":429,"message","metadata"}}}, vLLM {@code {"object":"error","message",...}} or
 * {@code {"message"}}, FastAPI (speaches) {@code {"detail":"..."}} or {@code {"detail":[{"msg"}]}}; anything else
 * is kept raw, shortened. Pure.
 *
 * @param message what the upstream said, or the raw body shortened to 300 characters ({@code (empty body)})
 * @param code    the error code, when the body had one
 * @param type    the error type, when the body had one
 */
public record ErrorBody(String message, Optional<String> code, Optional<String> type) {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int RAW_LIMIT = 300;

    /**
     * @param body the response body
     * @return what it says
     */
    public static ErrorBody parse(String body) {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
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
            return new ErrorBody(error.asText(), Optional.empty(), Optional.empty());
        }
        if ("error".equals(root.path("object").asText()) || root.path("message").isTextual()) {
            return fromObject(root, body);
        }
        JsonNode detail = root.path("detail");
        if (detail.isTextual()) {
            return new ErrorBody(detail.asText(), Optional.empty(), Optional.empty());
        }
        if (detail.path(0).path("msg").isTextual()) {
            return new ErrorBody(detail.path(0).path("msg").asText(), Optional.empty(), Optional.empty());
        }
        if (!detail.isMissingNode() && !detail.isNull()) {
            return new ErrorBody(truncate(detail.toString()), Optional.empty(), Optional.empty());
        }
        return raw(body);
    }

    /** @return true when the body says the account ran out of credit (OpenAI {@code insufficient_quota}) */
    public boolean quotaExhausted() {
        return code.filter("insufficient_quota"::equals).isPresent()
                || type.filter("insufficient_quota"::equals).isPresent();
    }

    private static ErrorBody fromObject(JsonNode node, String body) {
        String message = text(node.path("message")).orElseGet(() -> truncate(body.strip()));
        return new ErrorBody(message, text(node.path("code")), text(node.path("type")));
    }

    private static Optional<String> text(JsonNode node) {
        return node.isValueNode() && !node.isNull() && !node.asText().isEmpty()
                ? Optional.of(node.asText()) : Optional.empty();
    }

    private static ErrorBody raw(String body) {
        String text = body.isBlank() ? "(empty body)" : truncate(body.strip());
        return new ErrorBody(text, Optional.empty(), Optional.empty());
    }

    private static String truncate(String s) {
        return s.length() <= RAW_LIMIT ? s : s.substring(0, RAW_LIMIT) + "...";
    }
}

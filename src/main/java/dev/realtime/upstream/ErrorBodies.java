package dev.realtime.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads the message out of an error body: OpenAI/Groq/LocalAI {@code {"error":{"message"}}} or
 * {@code {"error":"..."}}, FastAPI (speaches) {@code {"detail":"..."}} or {@code {"detail":[{"msg"}]}}, vLLM
 * {@code {"message"}}; anything else is returned raw, shortened. Shared by the OpenAI-compatible speech adapters; pure.
 */
public final class ErrorBodies {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int RAW_LIMIT = 300;

    private ErrorBodies() {
    }

    /**
     * The human-readable message of an upstream error body.
     *
     * @param body the response body
     * @return its message, or the body itself shortened
     */
    public static String message(String body) {
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
        if (error.isObject() && error.path("message").isTextual()) {
            return error.path("message").asText();
        }
        if (error.isTextual()) {
            return error.asText();
        }
        JsonNode detail = root.path("detail");
        if (detail.isTextual()) {
            return detail.asText();
        }
        if (detail.isArray() && detail.path(0).path("msg").isTextual()) {
            return detail.path(0).path("msg").asText();
        }
        if (root.path("message").isTextual()) {
            return root.path("message").asText();
        }
        return raw(body);
    }

    private static String raw(String body) {
        String text = body.strip();
        if (text.isEmpty()) {
            return "(empty body)";
        }
        return text.length() <= RAW_LIMIT ? text : text.substring(0, RAW_LIMIT) + "...";
    }
}

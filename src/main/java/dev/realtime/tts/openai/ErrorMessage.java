package dev.realtime.tts.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads the message out of an error body: OpenAI {@code {"error":{"message"}}} or {@code {"error":"..."}},
 * FastAPI {@code {"detail":"..."}} or {@code {"detail":[{"msg"}]}}, {@code {"message"}}; anything else is returned
 * raw, shortened. Pure.
 */
final class ErrorMessage {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int RAW_LIMIT = 300;

    private ErrorMessage() {
    }

    static String of(String body) {
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
        if (error.path("message").isTextual()) {
            return error.path("message").asText();
        }
        if (error.isTextual()) {
            return error.asText();
        }
        JsonNode detail = root.path("detail");
        if (detail.isTextual()) {
            return detail.asText();
        }
        if (detail.path(0).path("msg").isTextual()) {
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

package dev.realtime.admin;

import java.io.IOException;
import java.util.Optional;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reading JSON request bodies and writing JSON answers and OpenAI-shaped errors. Stateless; request threads.
 */
final class JsonResponses {
    // "{...} more" is not one event (or body): without this Jackson reads the first value and drops the rest
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** As the upgrade's 503 says: Redis reconnects within 2 s, so a retry soon after is likely to succeed. */
    private static final String RETRY_AFTER_SECONDS = "5";

    private JsonResponses() {
    }

    /** A client error with a 4xx status. */
    static final class BadRequest extends RuntimeException {
        private final Status status;
        private final String code;
        private final Optional<String> param;

        BadRequest(Status status, String code, String message, Optional<String> param) {
            super(message);
            this.status = status;
            this.code = code;
            this.param = param;
        }
    }

    /** The request body as a JSON object; an empty body is an empty object. */
    static ObjectNode body(ServerRequest req) {
        if (!req.content().hasEntity()) {
            return JsonNodeFactory.instance.objectNode();
        }
        byte[] bytes = req.content().as(byte[].class);
        if (bytes.length == 0) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new BadRequest(Status.BAD_REQUEST_400, "invalid_json", "The body must be a JSON object.",
                                     Optional.empty());
            }
            return (ObjectNode) node;
        } catch (IOException e) {
            String detail = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new BadRequest(Status.BAD_REQUEST_400, "invalid_json", "The body is not valid JSON: " + detail,
                                 Optional.empty());
        }
    }

    static void send(ServerResponse res, Status status, JsonNode body) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(body.toString());
    }

    static void error(ServerResponse res, BadRequest e) {
        error(res, e.status, e.code, e.getMessage(), e.param);
    }

    /**
     * An OpenAI-shaped error: {@code invalid_request_error} for the client's fault, {@code server_error} for a 5xx;
     * a 503 (a store the engine depends on is down) also says when to try again.
     */
    static void error(ServerResponse res, Status status, String code, String message, Optional<String> param) {
        boolean server = status.code() >= 500;
        if (status.code() == Status.SERVICE_UNAVAILABLE_503.code()) {
            res.header(HeaderNames.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        ObjectNode error = JsonNodeFactory.instance.objectNode();
        error.putObject("error")
                .put("message", message)
                .put("type", server ? "server_error" : "invalid_request_error")
                .put("param", param.orElse(null))
                .put("code", code);
        send(res, status, error);
    }
}

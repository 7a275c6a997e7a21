package dev.realtime.llm;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One request the {@link FakeChatServer} received. Immutable.
 *
 * @param method  HTTP method
 * @param path    request path without query, e.g. {@code /v1/chat/completions}
 * @param headers headers by lower-case name
 * @param body    raw body text
 * @param json    the parsed body, a {@code MissingNode} when it was not JSON
 */
public record RecordedChatRequest(String method, String path, Map<String, List<String>> headers, String body,
                                  JsonNode json) {
    public RecordedChatRequest {
        Objects.requireNonNull(method);
        Objects.requireNonNull(path);
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body);
        Objects.requireNonNull(json);
    }

    /**
     * @param name header name, any case
     * @return its first value
     */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    /**
     * @return the {@code messages} array of the body
     */
    public JsonNode messages() {
        return json.path("messages");
    }

    /**
     * @return the content of the last {@code user} message, empty when there is none
     */
    public String lastUserText() {
        String last = "";
        for (JsonNode message : messages()) {
            if ("user".equals(message.path("role").asText())) {
                last = message.path("content").asText("");
            }
        }
        return last;
    }
}

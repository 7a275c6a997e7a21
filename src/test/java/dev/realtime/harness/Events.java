package dev.realtime.harness;

import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

/** Reading and checking the server events of one turn, as the decided failure behaviour describes them. */
final class Events {
    /** The kinds of provider failure, the suffixes of the {@code upstream_*} error codes. */
    static final List<String> KINDS = List.of("auth_failed", "rate_limited", "bad_request", "not_found",
                                              "server_error", "timeout", "stream_broken", "unreachable");
    // a qualified class name (java.net.ConnectException, dev.realtime.llm.ChatException) or a simple exception name
    private static final Pattern JAVA_NAME = Pattern.compile(
            "\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z]\\w*|\\b[A-Z][A-Za-z0-9]*(?:Exception|Error)\\b");

    private Events() {
    }

    /** A failed response: its id and the kind its error code names. */
    record Failure(String responseId, String kind, String message) {
    }

    static List<String> types(List<JsonNode> events) {
        return events.stream().map(Events::type).toList();
    }

    static List<JsonNode> ofType(List<JsonNode> events, String type) {
        return events.stream().filter(e -> type.equals(type(e))).toList();
    }

    static JsonNode first(List<JsonNode> events, String type) {
        return ofType(events, type).stream().findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " in " + types(events)));
    }

    private static int indexOf(List<JsonNode> events, String type) {
        return IntStream.range(0, events.size()).filter(i -> type.equals(type(events.get(i)))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " in " + types(events)));
    }

    private static String type(JsonNode event) {
        return event.path("type").asText();
    }

    /**
     * Checks a failed turn: {@code response.created}, then one {@code error} ({@code server_error},
     * {@code upstream_<kind>}, a message without Java class names), then exactly one {@code response.done} for that
     * response with status {@code failed} (the last event of the list).
     *
     * @param events the turn's events up to its first {@code response.done}
     * @param kind   the expected kind, or empty for any of {@link #KINDS}
     * @return the failed response
     */
    static Failure assertFailed(List<JsonNode> events, Optional<String> kind) {
        String seen = types(events).toString();
        int created = indexOf(events, "response.created");
        String id = events.get(created).path("response").path("id").asText();
        int done = indexOf(events, "response.done");
        JsonNode response = events.get(done).path("response");
        assertThat("the first response.done is the created response's: " + seen, response.path("id").asText(), is(id));
        assertThat(seen, response.path("status").asText(), is("failed"));
        List<JsonNode> errors = ofType(events, "error");
        assertThat("exactly one error event: " + seen, errors.size(), is(1));
        int error = events.indexOf(errors.getFirst());
        assertThat("error after response.created: " + seen, created, lessThan(error));
        assertThat("error before response.done: " + seen, error, lessThan(done));
        JsonNode info = errors.getFirst().path("error");
        String code = info.path("code").asText();
        assertThat(info.toString(), info.path("type").asText(), is("server_error"));
        if (kind.isPresent()) {
            assertThat(info.toString(), code, is("upstream_" + kind.get()));
        } else {
            assertThat(info.toString(), KINDS.stream().map(k -> "upstream_" + k).toList(), hasItem(code));
        }
        String message = info.path("message").asText();
        assertThat("a message: " + info, message.isBlank(), is(false));
        assertThat("no Java class name in the message: " + message, JAVA_NAME.matcher(message).find(), is(false));
        assertThat(response.toString(), response.path("status_details").path("error").path("code").asText(),
                   is(code));
        return new Failure(id, code.substring("upstream_".length()), message);
    }

    /**
     * Checks a turn that worked: no {@code error}, the last event a {@code response.done} with status
     * {@code completed}, and audio (or text) deltas of that response.
     *
     * @param events the turn's events up to its first {@code response.done}
     * @param audio  whether the answer was asked for as audio
     * @return the response's id
     */
    static String assertCompleted(List<JsonNode> events, boolean audio) {
        String seen = types(events).toString();
        assertThat("no error: " + ofType(events, "error"), ofType(events, "error").size(), is(0));
        JsonNode response = events.getLast().path("response");
        assertThat(response.toString(), response.path("status").asText(), is("completed"));
        String id = response.path("id").asText();
        if (audio) {
            long bytes = ofType(events, "response.output_audio.delta").stream()
                    .filter(e -> e.path("response_id").asText().equals(id))
                    .mapToLong(e -> Base64.getDecoder().decode(e.path("delta").asText()).length).sum();
            assertThat("audio of " + id + ": " + seen, bytes, greaterThan(0L));
        } else {
            assertThat("text of " + id + ": " + seen, ofType(events, "response.output_text.delta").size(),
                       greaterThan(0));
        }
        return id;
    }
}

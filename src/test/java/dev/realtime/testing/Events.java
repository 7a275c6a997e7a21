package dev.realtime.testing;

import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Client events of the Realtime protocol built as JSON trees instead of concatenated strings, so a test reads as the
 * event it sends: {@code c.send(Events.userText("Hi")).send(Events.responseCreate().with("response.instructions",
 * "Shout."))}.
 * Tests about malformed input keep their raw strings. Each event is a fresh mutable builder, used on one thread.
 */
public final class Events {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final ObjectNode root;

    private Events(String type) {
        root = MAPPER.createObjectNode().put("type", type);
    }

    /** An event of the given type with no other field. */
    public static Events of(String type) {
        return new Events(type);
    }

    /** {@code session.update} of a {@code realtime} session; add fields with {@link #with}. */
    public static Events sessionUpdate() {
        return of("session.update").with("session.type", "realtime");
    }

    /** {@code session.update} asking for text output only. */
    public static Events textOnly() {
        return sessionUpdate().with("session.output_modalities", new String[] {"text"});
    }

    /** {@code conversation.item.create} of a user message with one {@code input_text} part. */
    public static Events userText(String text) {
        Events event = of("conversation.item.create").with("item.type", "message").with("item.role", "user");
        ArrayNode content = event.object("item").putArray("content");
        content.addObject().put("type", "input_text").put("text", text);
        return event;
    }

    /** {@code conversation.item.create} of a {@code function_call_output} for the call. */
    public static Events functionOutput(String callId, String output) {
        return of("conversation.item.create").with("item.type", "function_call_output").with("item.call_id", callId)
                .with("item.output", output);
    }

    /** {@code response.create} with no response settings. */
    public static Events responseCreate() {
        return of("response.create");
    }

    /** {@code response.create} asking for text output only. */
    public static Events responseCreateText() {
        return responseCreate().with("response.output_modalities", new String[] {"text"});
    }

    /** {@code response.cancel}. */
    public static Events responseCancel() {
        return of("response.cancel");
    }

    /** {@code input_audio_buffer.append} of raw audio bytes. */
    public static Events append(byte[] audio) {
        return of("input_audio_buffer.append").with("audio", Base64.getEncoder().encodeToString(audio));
    }

    /** {@code input_audio_buffer.commit}. */
    public static Events commit() {
        return of("input_audio_buffer.commit");
    }

    /** {@code input_audio_buffer.clear}. */
    public static Events clear() {
        return of("input_audio_buffer.clear");
    }

    /** {@code conversation.item.retrieve} of an item. */
    public static Events retrieve(String itemId) {
        return of("conversation.item.retrieve").with("item_id", itemId);
    }

    /** {@code conversation.item.delete} of an item. */
    public static Events delete(String itemId) {
        return of("conversation.item.delete").with("item_id", itemId);
    }

    /** {@code conversation.item.truncate} of an item's audio part. */
    public static Events truncate(String itemId, int contentIndex, long audioEndMs) {
        return of("conversation.item.truncate").with("item_id", itemId).with("content_index", contentIndex)
                .with("audio_end_ms", audioEndMs);
    }

    /**
     * Sets a field, creating the objects on its dotted path ({@code "session.audio.input.format.rate"}).
     *
     * @param path  dotted field path from the event's root
     * @param value any value Jackson can turn into JSON (strings, numbers, lists, maps, arrays, nodes; null for
     *              JSON null)
     * @return this event
     */
    public Events with(String path, Object value) {
        int dot = path.lastIndexOf('.');
        ObjectNode parent = dot < 0 ? root : object(path.substring(0, dot));
        JsonNode node = MAPPER.valueToTree(value);
        parent.set(path.substring(dot + 1), node);
        return this;
    }

    private ObjectNode object(String path) {
        ObjectNode node = root;
        for (String name : path.split("\\.")) {
            JsonNode child = node.get(name);
            node = child instanceof ObjectNode object ? object : node.putObject(name);
        }
        return node;
    }

    /** The event's JSON tree. */
    public ObjectNode json() {
        return root;
    }

    /** The event as sent: compact JSON. */
    @Override
    public String toString() {
        return root.toString();
    }
}

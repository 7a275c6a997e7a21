package dev.realtime.protocol;

import java.util.Base64;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Parses client event JSON into {@link ClientEvent}s. Every failure is a {@link ProtocolException} carrying the
 * client's {@code event_id} when it could be read. Thread-safe; runs on the socket's thread.
 */
final class ClientEventParser {
    private static final String TYPES = "session.update, transcription_session.update, input_audio_buffer.append, "
            + "input_audio_buffer.commit, input_audio_buffer.clear, output_audio_buffer.clear, "
            + "conversation.item.create, conversation.item.retrieve, conversation.item.delete, "
            + "conversation.item.truncate, response.create, response.cancel";

    private final ObjectMapper mapper;

    ClientEventParser(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    ClientEvent parse(String text, Dialect dialect) {
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw ProtocolException.invalid("invalid_json", "The event is not valid JSON: "
                    + e.getOriginalMessage() + ".");
        }
        if (root == null || !root.isObject()) {
            throw ProtocolException.invalid("invalid_event", "The event must be a JSON object.");
        }
        Optional<String> eventId = root.hasNonNull("event_id") && root.get("event_id").isTextual()
                ? Optional.of(root.get("event_id").textValue()) : Optional.empty();
        try {
            return parse((ObjectNode) root, eventId, dialect);
        } catch (ProtocolException e) {
            throw e.withEventId(eventId);
        }
    }

    private ClientEvent parse(ObjectNode root, Optional<String> id, Dialect dialect) {
        JsonNode typeNode = root.get("type");
        if (typeNode == null || typeNode.isNull()) {
            throw ProtocolException.invalid("invalid_event", "The 'type' field is missing.", "type");
        }
        String type = Fields.string(typeNode, "type");
        return switch (type) {
            case "session.update" -> new ClientEvent.SessionUpdate(id, Fields.object(
                    Fields.required(root, "session", "session"), "session"), false);
            case "transcription_session.update" -> new ClientEvent.SessionUpdate(id, Fields.object(
                    Fields.required(root, "session", "session"), "session"), true);
            case "input_audio_buffer.append" -> new ClientEvent.AudioAppend(id, audio(root));
            case "input_audio_buffer.commit" -> new ClientEvent.AudioCommit(id);
            case "input_audio_buffer.clear" -> new ClientEvent.AudioClear(id);
            case "output_audio_buffer.clear" -> new ClientEvent.OutputAudioClear(id);
            case "conversation.item.create" -> new ClientEvent.ItemCreate(
                    id, ItemParser.previousItemId(root), ItemParser.item(Fields.required(root, "item", "item"),
                                                                          "item"));
            case "conversation.item.retrieve" -> new ClientEvent.ItemRetrieve(id, itemId(root));
            case "conversation.item.delete" -> new ClientEvent.ItemDelete(id, itemId(root));
            case "conversation.item.truncate" -> new ClientEvent.ItemTruncate(
                    id, itemId(root),
                    Fields.integer(Fields.required(root, "content_index", "content_index"), "content_index", 0,
                                   Integer.MAX_VALUE),
                    Fields.integer(Fields.required(root, "audio_end_ms", "audio_end_ms"), "audio_end_ms", 0,
                                   Integer.MAX_VALUE));
            case "response.create" -> new ClientEvent.ResponseCreate(id, responseParams(root, dialect));
            case "response.cancel" -> new ClientEvent.ResponseCancel(
                    id, Fields.optionalString(root, "response_id", "response_id"));
            default -> throw ProtocolException.invalid(
                    "invalid_event", "Invalid value: '" + type + "'. Supported values are: " + TYPES + ".", "type");
        };
    }

    private static byte[] audio(ObjectNode root) {
        String audio = Fields.string(Fields.required(root, "audio", "audio"), "audio");
        try {
            return Base64.getDecoder().decode(audio);
        } catch (IllegalArgumentException e) {
            throw ProtocolException.invalid("invalid_value", "Invalid 'audio': not valid base64 ("
                    + e.getMessage() + ").", "audio");
        }
    }

    private static String itemId(ObjectNode root) {
        return Fields.string(Fields.required(root, "item_id", "item_id"), "item_id");
    }

    private static ResponseParams responseParams(ObjectNode root, Dialect dialect) {
        JsonNode value = root.get("response");
        if (value == null || value.isNull()) {
            return ResponseParams.none();
        }
        return ResponseParamsParser.parse(Fields.object(value, "response"), dialect);
    }
}

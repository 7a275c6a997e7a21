package dev.realtime.protocol;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A parsed client event. Every event may carry the client's {@code event_id}, echoed in errors it causes.
 */
public sealed interface ClientEvent {

    /** The client's event id. */
    Optional<String> eventId();

    /** {@code session.update} (and beta {@code transcription_session.update}); the patch is applied later. */
    record SessionUpdate(Optional<String> eventId, JsonNode session, boolean transcriptionSession)
            implements ClientEvent {
    }

    /** {@code input_audio_buffer.append} with decoded audio bytes. */
    record AudioAppend(Optional<String> eventId, byte[] audio) implements ClientEvent {
    }

    /** {@code input_audio_buffer.commit}. */
    record AudioCommit(Optional<String> eventId) implements ClientEvent {
    }

    /** {@code input_audio_buffer.clear}. */
    record AudioClear(Optional<String> eventId) implements ClientEvent {
    }

    /** {@code output_audio_buffer.clear} (WebRTC/SIP only; answered with an error on WebSocket). */
    record OutputAudioClear(Optional<String> eventId) implements ClientEvent {
    }

    /**
     * {@code conversation.item.create}.
     *
     * @param eventId        client event id
     * @param previousItemId insert after this item; {@code root} prepends; empty appends
     * @param item           the item, with a generated id when the client gave none
     */
    record ItemCreate(Optional<String> eventId, Optional<String> previousItemId, Item item) implements ClientEvent {
    }

    /** {@code conversation.item.retrieve}. */
    record ItemRetrieve(Optional<String> eventId, String itemId) implements ClientEvent {
    }

    /** {@code conversation.item.delete}. */
    record ItemDelete(Optional<String> eventId, String itemId) implements ClientEvent {
    }

    /** {@code conversation.item.truncate}. */
    record ItemTruncate(Optional<String> eventId, String itemId, int contentIndex, int audioEndMs)
            implements ClientEvent {
    }

    /** {@code response.create}. */
    record ResponseCreate(Optional<String> eventId, ResponseParams params) implements ClientEvent {
    }

    /** {@code response.cancel}, optionally naming the response. */
    record ResponseCancel(Optional<String> eventId, Optional<String> responseId) implements ClientEvent {
    }
}

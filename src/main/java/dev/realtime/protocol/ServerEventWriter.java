package dev.realtime.protocol;

import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Spells server events in one dialect. An event the dialect does not have (GA-only events on a beta connection)
 * yields nothing. Pure.
 */
final class ServerEventWriter {
    private static final String TRANSCRIPTION = "conversation.item.input_audio_transcription.";
    private final JsonWriter json;
    private final SessionWriter sessions;
    private final ResponseWriter responses;
    private final boolean ga;

    ServerEventWriter(Dialect dialect) {
        this.json = new JsonWriter(dialect);
        this.sessions = new SessionWriter(json);
        this.responses = new ResponseWriter(json);
        this.ga = dialect == Dialect.GA;
    }

    JsonWriter json() {
        return json;
    }

    SessionWriter sessions() {
        return sessions;
    }

    Optional<ObjectNode> write(ServerEvent event, String eventId) {
        return switch (event) {
            case ServerEvent.Error e -> Optional.of(start("error", eventId).set("error", json.error(e.error())));
            case ServerEvent.SessionCreated e -> Optional.of(session(e.session(), "created", eventId));
            case ServerEvent.SessionUpdated e -> Optional.of(session(e.session(), "updated", eventId));
            case ServerEvent.ItemAdded e -> Optional.of(item(ga ? "conversation.item.added"
                                                                 : "conversation.item.created", eventId, e.item())
                                                                .put("previous_item_id",
                                                                     e.previousItemId().orElse(null)));
            case ServerEvent.ItemDone e -> ga ? Optional.of(item("conversation.item.done", eventId, e.item())
                                                                     .put("previous_item_id",
                                                                          e.previousItemId().orElse(null)))
                    : Optional.empty();
            case ServerEvent.ItemRetrieved e -> Optional.of(item("conversation.item.retrieved", eventId, e.item()));
            case ServerEvent.ItemDeleted e -> Optional.of(start("conversation.item.deleted", eventId)
                                                                  .put("item_id", e.itemId()));
            case ServerEvent.ItemTruncated e -> Optional.of(start("conversation.item.truncated", eventId)
                                                                    .put("item_id", e.itemId())
                                                                    .put("content_index", e.contentIndex())
                                                                    .put("audio_end_ms", e.audioEndMs()));
            case ServerEvent.AudioCommitted e -> Optional.of(start("input_audio_buffer.committed", eventId)
                                                                     .put("previous_item_id",
                                                                          e.previousItemId().orElse(null))
                                                                     .put("item_id", e.itemId()));
            case ServerEvent.AudioCleared e -> Optional.of(start("input_audio_buffer.cleared", eventId));
            case ServerEvent.SpeechStarted e -> Optional.of(start("input_audio_buffer.speech_started", eventId)
                                                                    .put("audio_start_ms", e.audioStartMs())
                                                                    .put("item_id", e.itemId()));
            case ServerEvent.SpeechStopped e -> Optional.of(start("input_audio_buffer.speech_stopped", eventId)
                                                                    .put("audio_end_ms", e.audioEndMs())
                                                                    .put("item_id", e.itemId()));
            case ServerEvent.TimeoutTriggered e -> ga ? Optional.of(start("input_audio_buffer.timeout_triggered",
                                                                          eventId)
                                                                            .put("audio_start_ms", e.audioStartMs())
                                                                            .put("audio_end_ms", e.audioEndMs())
                                                                            .put("item_id", e.itemId()))
                    : Optional.empty();
            case ServerEvent.TranscriptionDelta e -> Optional.of(start(TRANSCRIPTION + "delta", eventId)
                                                                         .put("item_id", e.itemId())
                                                                         .put("content_index", e.contentIndex())
                                                                         .put("delta", e.delta()));
            case ServerEvent.TranscriptionCompleted e -> Optional.of(transcriptionCompleted(e, eventId));
            case ServerEvent.TranscriptionFailed e -> Optional.of(start(TRANSCRIPTION + "failed", eventId)
                                                                          .put("item_id", e.itemId())
                                                                          .put("content_index", e.contentIndex())
                                                                          .set("error", json.error(e.error())));
            case ServerEvent.ResponseCreated e -> Optional.of(start("response.created", eventId)
                                                                      .set("response", responses.response(
                                                                              e.response())));
            case ServerEvent.ResponseDone e -> Optional.of(start("response.done", eventId)
                                                                   .set("response", responses.response(
                                                                           e.response())));
            case ServerEvent.OutputItemAdded e -> Optional.of(outputItem("response.output_item.added", eventId,
                                                                         e.responseId(), e.outputIndex(), e.item()));
            case ServerEvent.OutputItemDone e -> Optional.of(outputItem("response.output_item.done", eventId,
                                                                        e.responseId(), e.outputIndex(), e.item()));
            case ServerEvent.ContentPartAdded e -> Optional.of(part("response.content_part.added", eventId,
                                                                    e.ref(), e.part()));
            case ServerEvent.ContentPartDone e -> Optional.of(part("response.content_part.done", eventId,
                                                                   e.ref(), e.part()));
            case ServerEvent.TextDelta e -> Optional.of(ref(ga ? "response.output_text.delta"
                                                                    : "response.text.delta", eventId, e.ref())
                                                                .put("delta", e.delta()));
            case ServerEvent.TextDone e -> Optional.of(ref(ga ? "response.output_text.done"
                                                                   : "response.text.done", eventId, e.ref())
                                                               .put("text", e.text()));
            case ServerEvent.TranscriptDelta e -> Optional.of(ref(ga ? "response.output_audio_transcript.delta"
                                                                          : "response.audio_transcript.delta",
                                                                  eventId, e.ref()).put("delta", e.delta()));
            case ServerEvent.TranscriptDone e -> Optional.of(ref(ga ? "response.output_audio_transcript.done"
                                                                         : "response.audio_transcript.done",
                                                                 eventId, e.ref())
                                                                     .put("transcript", e.transcript()));
            case ServerEvent.AudioDelta e -> Optional.of(ref(ga ? "response.output_audio.delta"
                                                                     : "response.audio.delta", eventId, e.ref())
                                                                 .put("delta", e.audio()));
            case ServerEvent.AudioDone e -> Optional.of(ref(ga ? "response.output_audio.done"
                                                                    : "response.audio.done", eventId, e.ref()));
            case ServerEvent.ArgumentsDelta e -> Optional.of(start("response.function_call_arguments.delta", eventId)
                                                                     .put("response_id", e.responseId())
                                                                     .put("item_id", e.itemId())
                                                                     .put("output_index", e.outputIndex())
                                                                     .put("call_id", e.callId())
                                                                     .put("delta", e.delta()));
            case ServerEvent.ArgumentsDone e -> Optional.of(start("response.function_call_arguments.done", eventId)
                                                                    .put("response_id", e.responseId())
                                                                    .put("item_id", e.itemId())
                                                                    .put("output_index", e.outputIndex())
                                                                    .put("call_id", e.callId())
                                                                    .put("name", e.name())
                                                                    .put("arguments", e.arguments()));
            case ServerEvent.Timings e -> Optional.of(timings(e, eventId));
        };
    }

    private ObjectNode transcriptionCompleted(ServerEvent.TranscriptionCompleted e, String eventId) {
        ObjectNode n = start(TRANSCRIPTION + "completed", eventId)
                .put("item_id", e.itemId())
                .put("content_index", e.contentIndex())
                .put("transcript", e.transcript());
        n.putObject("usage").put("type", "duration").put("seconds", e.seconds());
        return n;
    }

    private static ObjectNode timings(ServerEvent.Timings e, String eventId) {
        ObjectNode n = start("x_engine.response.timings", eventId)
                .put("response_id", e.responseId())
                .put("item_id", e.itemId());
        e.fromSpeechStopped().forEach(n.putObject("from_speech_stopped_ms")::put);
        e.fromResponseStart().forEach(n.putObject("from_response_start_ms")::put);
        return n;
    }

    private ObjectNode session(SessionConfig s, String verb, String eventId) {
        String type = !ga && s.transcriptionOnly() ? "transcription_session." + verb : "session." + verb;
        return start(type, eventId).set("session", sessions.session(s));
    }

    private ObjectNode item(String type, String eventId, Item item) {
        return start(type, eventId).set("item", json.item(item));
    }

    private ObjectNode outputItem(String type, String eventId, String responseId, int index, Item item) {
        ObjectNode n = start(type, eventId).put("response_id", responseId).put("output_index", index);
        n.set("item", json.item(item));
        return n;
    }

    private ObjectNode part(String type, String eventId, ServerEvent.Ref ref, ServerEvent.Part part) {
        ObjectNode p = JsonWriter.object();
        if (part.audio()) {
            p.put("type", "audio").put("transcript", part.text());
        } else {
            p.put("type", "text").put("text", part.text());
        }
        return ref(type, eventId, ref).set("part", p);
    }

    private static ObjectNode ref(String type, String eventId, ServerEvent.Ref ref) {
        return start(type, eventId)
                .put("response_id", ref.responseId())
                .put("item_id", ref.itemId())
                .put("output_index", ref.outputIndex())
                .put("content_index", ref.contentIndex());
    }

    private static ObjectNode start(String type, String eventId) {
        return JsonWriter.object().put("type", type).put("event_id", eventId);
    }
}

package dev.realtime.protocol;

import java.util.Optional;
import java.util.SequencedMap;

/**
 * An event the server sends. {@link EventCodec} spells it in the connection's dialect (or omits it where the
 * dialect has no such event).
 */
public sealed interface ServerEvent {

    /**
     * Where a content delta belongs (the protocol's response, item, output and content indexes).
     *
     * @param responseId   response id
     * @param itemId       item id
     * @param outputIndex  index of the item in the response output
     * @param contentIndex index of the part in the item content
     */
    record Ref(String responseId, String itemId, int outputIndex, int contentIndex) {
    }

    /** A content part of a response item, as content_part events carry it. */
    record Part(boolean audio, String text) {
    }

    /** {@code error}. */
    record Error(ErrorInfo error) implements ServerEvent {
    }

    /** {@code session.created} (beta transcription sessions: {@code transcription_session.created}). */
    record SessionCreated(SessionConfig session) implements ServerEvent {
    }

    /** {@code session.updated} (beta transcription sessions: {@code transcription_session.updated}). */
    record SessionUpdated(SessionConfig session) implements ServerEvent {
    }

    /** GA {@code conversation.item.added}; beta {@code conversation.item.created}. */
    record ItemAdded(Optional<String> previousItemId, Item item) implements ServerEvent {
    }

    /** GA {@code conversation.item.done}; not sent in beta. */
    record ItemDone(Optional<String> previousItemId, Item item) implements ServerEvent {
    }

    /** {@code conversation.item.retrieved}. */
    record ItemRetrieved(Item item) implements ServerEvent {
    }

    /** {@code conversation.item.deleted}. */
    record ItemDeleted(String itemId) implements ServerEvent {
    }

    /** {@code conversation.item.truncated}. */
    record ItemTruncated(String itemId, int contentIndex, int audioEndMs) implements ServerEvent {
    }

    /** {@code input_audio_buffer.committed}. */
    record AudioCommitted(Optional<String> previousItemId, String itemId) implements ServerEvent {
    }

    /** {@code input_audio_buffer.cleared}. */
    record AudioCleared() implements ServerEvent {
    }

    /** {@code input_audio_buffer.speech_started}: {@code audioStartMs} on the session's input-audio clock. */
    record SpeechStarted(long audioStartMs, String itemId) implements ServerEvent {
    }

    /** {@code input_audio_buffer.speech_stopped}: {@code audioEndMs} on the session's input-audio clock. */
    record SpeechStopped(long audioEndMs, String itemId) implements ServerEvent {
    }

    /** GA {@code input_audio_buffer.timeout_triggered}; not sent in beta. */
    record TimeoutTriggered(long audioStartMs, long audioEndMs, String itemId) implements ServerEvent {
    }

    /** {@code conversation.item.input_audio_transcription.delta}. */
    record TranscriptionDelta(String itemId, int contentIndex, String delta) implements ServerEvent {
    }

    /**
     * {@code conversation.item.input_audio_transcription.completed}, with duration usage.
     *
     * @param itemId       item id
     * @param contentIndex content index of the audio
     * @param transcript   the transcript
     * @param seconds      seconds of audio transcribed
     */
    record TranscriptionCompleted(String itemId, int contentIndex, String transcript, double seconds)
            implements ServerEvent {
    }

    /** {@code conversation.item.input_audio_transcription.failed}. */
    record TranscriptionFailed(String itemId, int contentIndex, ErrorInfo error) implements ServerEvent {
    }

    /** {@code response.created}. */
    record ResponseCreated(ResponseInfo response) implements ServerEvent {
    }

    /** {@code response.done}. */
    record ResponseDone(ResponseInfo response) implements ServerEvent {
    }

    /** {@code response.output_item.added}. */
    record OutputItemAdded(String responseId, int outputIndex, Item item) implements ServerEvent {
    }

    /** {@code response.output_item.done}. */
    record OutputItemDone(String responseId, int outputIndex, Item item) implements ServerEvent {
    }

    /** {@code response.content_part.added}. */
    record ContentPartAdded(Ref ref, Part part) implements ServerEvent {
    }

    /** {@code response.content_part.done}. */
    record ContentPartDone(Ref ref, Part part) implements ServerEvent {
    }

    /** GA {@code response.output_text.delta}; beta {@code response.text.delta}. */
    record TextDelta(Ref ref, String delta) implements ServerEvent {
    }

    /** GA {@code response.output_text.done}; beta {@code response.text.done}. */
    record TextDone(Ref ref, String text) implements ServerEvent {
    }

    /** GA {@code response.output_audio_transcript.delta}; beta {@code response.audio_transcript.delta}. */
    record TranscriptDelta(Ref ref, String delta) implements ServerEvent {
    }

    /** GA {@code response.output_audio_transcript.done}; beta {@code response.audio_transcript.done}. */
    record TranscriptDone(Ref ref, String transcript) implements ServerEvent {
    }

    /**
     * GA {@code response.output_audio.delta}; beta {@code response.audio.delta}.
     *
     * @param ref   where the audio belongs
     * @param audio the audio in the session's output format, base64-encoded straight into the event's text; not
     *              changed after the event is made
     */
    record AudioDelta(Ref ref, byte[] audio) implements ServerEvent {
    }

    /** GA {@code response.output_audio.done}; beta {@code response.audio.done}. */
    record AudioDone(Ref ref) implements ServerEvent {
    }

    /** {@code response.function_call_arguments.delta}. */
    record ArgumentsDelta(String responseId, String itemId, int outputIndex, String callId, String delta)
            implements ServerEvent {
    }

    /** {@code response.function_call_arguments.done}. */
    record ArgumentsDone(String responseId, String itemId, int outputIndex, String callId, String name,
                         String arguments) implements ServerEvent {
    }

    /**
     * The engine's own {@code x_engine.response.timings}, not an OpenAI event: the stage times of the voice turn a
     * response answers, sent only to a connection that asked for them at the upgrade ({@code ?timings=true}).
     * Each figure is whole milliseconds; a stage the response never reached is absent.
     *
     * @param responseId        the response
     * @param itemId            the user's input item (the turn)
     * @param fromSpeechStopped each stage's time since the turn's end of speech ({@code speech_stopped}, or the
     *                          commit), in the order the stages happen
     * @param fromResponseStart the same stages' times since the response was created (the final transcript comes
     *                          before it and is not among them)
     */
    record Timings(String responseId, String itemId, SequencedMap<String, Long> fromSpeechStopped,
                   SequencedMap<String, Long> fromResponseStart) implements ServerEvent {
    }
}

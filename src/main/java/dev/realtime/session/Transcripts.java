package dev.realtime.session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.realtime.protocol.Content;
import dev.realtime.protocol.ErrorInfo;
import dev.realtime.protocol.Item;
import dev.realtime.protocol.ServerEvent;
import dev.realtime.stt.SttEvent;

/**
 * Applies transcription results to the user items they belong to: the item's transcript is updated (visible
 * through {@code conversation.item.retrieve}, and the model's context), and the
 * {@code conversation.item.input_audio_transcription.*} events are sent when the session has transcription on.
 * Used on the session loop only.
 */
final class Transcripts {
    private final Conversation conversation;
    private final Emitter emitter;
    private final Map<String, StringBuilder> partial = new HashMap<>();
    private final Map<String, Double> seconds = new HashMap<>();

    Transcripts(Conversation conversation, Emitter emitter) {
        this.conversation = conversation;
        this.emitter = emitter;
    }

    /** Remembers how much audio an item holds, for the completed event's usage. */
    void audioSeconds(String itemId, double value) {
        seconds.put(itemId, value);
    }

    /** Interim text so far of an item still being spoken or transcribed. */
    String partialText(String itemId) {
        StringBuilder sb = partial.get(itemId);
        return sb == null ? "" : sb.toString();
    }

    /**
     * Applies one result.
     *
     * @param event  the result
     * @param notify whether the client asked for transcription events
     * @return the final transcript when the event completed a turn
     */
    Optional<String> apply(SttEvent event, boolean notify) {
        switch (event) {
            case SttEvent.Delta d -> {
                partial.computeIfAbsent(d.itemId(), k -> new StringBuilder()).append(d.delta());
                if (notify && !d.delta().isEmpty()) {
                    emitter.emit(new ServerEvent.TranscriptionDelta(d.itemId(), 0, d.delta()));
                }
                return Optional.empty();
            }
            case SttEvent.Completed c -> {
                partial.remove(c.itemId());
                setTranscript(c.itemId(), c.transcript());
                if (notify) {
                    emitter.emit(new ServerEvent.TranscriptionCompleted(c.itemId(), 0, c.transcript(),
                                                                        seconds.getOrDefault(c.itemId(), 0.0)));
                }
                seconds.remove(c.itemId());
                return Optional.of(c.transcript());
            }
            case SttEvent.Failed f -> {
                partial.remove(f.itemId());
                seconds.remove(f.itemId());
                if (notify) {
                    emitter.emit(new ServerEvent.TranscriptionFailed(f.itemId(), 0, new ErrorInfo(
                            "transcription_error", Optional.of(f.code()), f.message(), Optional.empty(),
                            Optional.empty())));
                }
                return Optional.empty();
            }
        }
    }

    private void setTranscript(String itemId, String transcript) {
        conversation.find(itemId).ifPresent(item -> {
            if (item instanceof Item.Message m) {
                List<Content> content = new ArrayList<>();
                for (Content c : m.content()) {
                    content.add(c instanceof Content.InputAudio a
                                        ? new Content.InputAudio(a.audio(), Optional.of(transcript)) : c);
                }
                conversation.replace(m.with(m.status(), content));
            }
        });
    }
}

package dev.realtime.session;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Optional;

import dev.realtime.protocol.Content;
import dev.realtime.protocol.Ids;
import dev.realtime.protocol.Item;
import dev.realtime.protocol.ProtocolException;
import dev.realtime.protocol.ServerEvent;
import dev.realtime.protocol.SessionConfig;

/**
 * The input audio buffer: appended audio waits here until a commit turns it into a user item. Used on the session
 * loop only.
 */
final class InputAudio {
    private static final int MIN_COMMIT_MS = 100;

    private final Conversation conversation;
    private final Emitter emitter;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    InputAudio(Conversation conversation, Emitter emitter) {
        this.conversation = conversation;
        this.emitter = emitter;
    }

    void append(byte[] audio) {
        buffer.writeBytes(audio);
    }

    void clear() {
        buffer.reset();
        emitter.emit(new ServerEvent.AudioCleared());
    }

    void commit(SessionConfig config) {
        long ms = config.inputFormat().millis(buffer.size());
        if (ms < MIN_COMMIT_MS) {
            throw ProtocolException.invalid("input_audio_buffer_commit_empty", String.format(
                    "Error committing input audio buffer: buffer too small. Expected at least %dms of audio, but "
                            + "buffer only has %.2fms of audio.", MIN_COMMIT_MS,
                    buffer.size() * 1000.0 / (config.inputFormat().rate() * config.inputFormat().bytesPerSample())));
        }
        buffer.reset();
        Item.Message item = new Item.Message(Ids.item(), Item.Role.USER, Item.Status.COMPLETED,
                                             List.of(new Content.InputAudio(Optional.empty(), Optional.empty())));
        Optional<String> before = conversation.insert(item, Optional.empty());
        emitter.emit(new ServerEvent.AudioCommitted(before, item.id()));
        emitter.emit(new ServerEvent.ItemAdded(before, item));
        emitter.emit(new ServerEvent.ItemDone(before, item));
    }
}

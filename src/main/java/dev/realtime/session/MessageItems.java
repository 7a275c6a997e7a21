package dev.realtime.session;

import java.util.List;
import java.util.Optional;

import dev.realtime.protocol.Content;
import dev.realtime.protocol.Ids;
import dev.realtime.protocol.Item;
import dev.realtime.protocol.ServerEvent;

/**
 * The assistant messages of one response: the message being written (opened by its first text or audio, with
 * its content part), its deltas, and its closing events. A tool call closes the message before it, so text after
 * the call is a new message with its own text. Used on the session loop only.
 */
final class MessageItems {
    private final String responseId;
    private final Emitter emitter;
    private final ResponseSink sink;
    private final boolean audio;
    private final List<Item> output;
    private Optional<Item.Message> open = Optional.empty();
    private final StringBuilder text = new StringBuilder();

    /**
     * @param responseId the response
     * @param emitter    where the client's events go
     * @param sink       where the response's items go
     * @param audio      whether the response speaks
     * @param output     the response's output items, shared with its function calls; a message is appended
     */
    MessageItems(String responseId, Emitter emitter, ResponseSink sink, boolean audio, List<Item> output) {
        this.output = output;
        this.responseId = responseId;
        this.emitter = emitter;
        this.sink = sink;
        this.audio = audio;
    }

    /** Model text: a text delta, or for a spoken response a transcript delta. */
    void text(String delta) {
        ServerEvent.Ref ref = ref();
        text.append(delta);
        emitter.emit(audio ? new ServerEvent.TranscriptDelta(ref, delta) : new ServerEvent.TextDelta(ref, delta));
    }

    /**
     * Spoken audio with the text of the piece it starts, if any.
     *
     * @return the id of the message it belongs to
     */
    String audio(String pieceText, byte[] bytes) {
        ServerEvent.Ref ref = ref();
        if (!pieceText.isEmpty()) {
            text.append(pieceText);
            emitter.emit(new ServerEvent.TranscriptDelta(ref, pieceText));
        }
        if (bytes.length > 0) {
            emitter.emit(new ServerEvent.AudioDelta(ref, bytes));
        }
        return ref.itemId();
    }

    /** Finishes the open message, if any, with every {@code *.done} event it owes. */
    void close(Item.Status status) {
        if (open.isEmpty()) {
            return;
        }
        Item.Message m = open.get();
        open = Optional.empty();
        int index = output.indexOf(m);
        String full = text.toString();
        text.setLength(0);
        ServerEvent.Ref ref = new ServerEvent.Ref(responseId, m.id(), index, 0);
        if (audio) {
            emitter.emit(new ServerEvent.AudioDone(ref));
            emitter.emit(new ServerEvent.TranscriptDone(ref, full));
        } else {
            emitter.emit(new ServerEvent.TextDone(ref, full));
        }
        emitter.emit(new ServerEvent.ContentPartDone(ref, new ServerEvent.Part(audio, full)));
        Content content = audio ? new Content.OutputAudio(full) : new Content.OutputText(full);
        Item.Message finished = m.with(status, List.of(content));
        output.set(index, finished);
        emitter.emit(new ServerEvent.OutputItemDone(responseId, index, finished));
        sink.itemDone(finished);
    }

    private ServerEvent.Ref ref() {
        Item.Message m = open.orElseGet(this::openMessage);
        return new ServerEvent.Ref(responseId, m.id(), output.indexOf(m), 0);
    }

    private Item.Message openMessage() {
        Item.Message m = new Item.Message(Ids.item(), Item.Role.ASSISTANT, Item.Status.IN_PROGRESS, List.of());
        output.add(m);
        open = Optional.of(m);
        int index = output.size() - 1;
        emitter.emit(new ServerEvent.OutputItemAdded(responseId, index, m));
        sink.itemAdded(m);
        emitter.emit(new ServerEvent.ContentPartAdded(new ServerEvent.Ref(responseId, m.id(), index, 0),
                                                      new ServerEvent.Part(audio, "")));
        return m;
    }
}

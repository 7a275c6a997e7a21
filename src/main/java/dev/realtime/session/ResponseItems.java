package dev.realtime.session;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import dev.realtime.protocol.Content;
import dev.realtime.protocol.Item;
import dev.realtime.protocol.ServerEvent;

/**
 * Where responses put their items: the conversation (with the client's item events) and, for spoken items, the
 * ledger of audio sent and played. Used on the session loop only.
 */
final class ResponseItems implements ResponseSink {
    private final Conversation conversation;
    private final Emitter emitter;
    private final Consumer<ActiveResponse> onDone;
    private final AudioLedger ledger = new AudioLedger();
    private boolean audioWasSent;

    ResponseItems(Conversation conversation, Emitter emitter, Consumer<ActiveResponse> onDone) {
        this.conversation = conversation;
        this.emitter = emitter;
        this.onDone = onDone;
    }

    /** Cuts an assistant item's transcript to the audio up to a point (whole when its timing was let go). */
    void truncate(String itemId, long audioEndMs) {
        conversation.find(itemId).ifPresent(item -> {
            if (item instanceof Item.Message m) {
                ledger.transcriptAt(itemId, audioEndMs).ifPresent(heard -> conversation.replace(
                        m.with(Item.Status.INCOMPLETE, List.of(new Content.OutputAudio(heard)))));
            }
        });
    }

    /** The ledger of the session's spoken answers (its size counts against the conversation cap). */
    AudioLedger ledger() {
        return ledger;
    }

    /** Whether assistant audio was sent in this session (the voice may no longer change). */
    boolean audioSent() {
        return audioWasSent;
    }

    /** Cuts an item to what the client has played so far (barge-in). */
    void truncateToPlayed(String itemId) {
        truncate(itemId, ledger.playedMillis(itemId, System.nanoTime()));
    }

    /** Milliseconds of audio sent for an assistant item. */
    long audioMillis(String itemId) {
        return ledger.sentMillis(itemId);
    }

    /** The transcript of an item's audio up to a point; empty when the item's timing was let go. */
    Optional<String> transcriptAt(String itemId, long audioEndMs) {
        return ledger.transcriptAt(itemId, audioEndMs);
    }

    @Override
    public void audioSent(String itemId, String pieceText, long millis) {
        audioWasSent |= millis > 0;
        ledger.sent(itemId, pieceText, millis, System.nanoTime());
    }

    @Override
    public void itemAdded(ActiveResponse response, Item item) {
        if (!response.outOfBand()) {
            Optional<String> before = conversation.insert(item, Optional.empty());
            emitter.emit(new ServerEvent.ItemAdded(before, item));
        }
    }

    @Override
    public void conversationItem(ActiveResponse response, Item item) {
        if (!response.outOfBand()) {
            Optional<String> before = conversation.insert(item, Optional.empty());
            emitter.emit(new ServerEvent.ItemAdded(before, item));
            emitter.emit(new ServerEvent.ItemDone(before, item));
        }
    }

    @Override
    public void itemDone(ActiveResponse response, Item item) {
        if (!response.outOfBand() && conversation.contains(item.id())) {
            conversation.replace(item);
            emitter.emit(new ServerEvent.ItemDone(previousOf(item.id()), item));
        }
    }

    @Override
    public void responseDone(ActiveResponse response) {
        onDone.accept(response);
    }

    private Optional<String> previousOf(String id) {
        List<Item> items = conversation.items();
        for (int i = 1; i < items.size(); i++) {
            if (items.get(i).id().equals(id)) {
                return Optional.of(items.get(i - 1).id());
            }
        }
        return Optional.empty();
    }
}

package dev.realtime.session;

import java.util.List;
import java.util.Optional;

import dev.realtime.protocol.Content;
import dev.realtime.protocol.Item;
import dev.realtime.protocol.ServerEvent;

/**
 * Where responses put their items: the conversation (with the client's item events) and, for spoken items, the
 * ledger of audio sent and played. Used on the session loop only.
 */
final class ResponseItems {
    private final Conversation conversation;
    private final Emitter emitter;
    private final AudioLedger ledger = new AudioLedger();
    private boolean audioWasSent;

    ResponseItems(Conversation conversation, Emitter emitter) {
        this.conversation = conversation;
        this.emitter = emitter;
    }

    /**
     * Where one response's items go.
     *
     * @param outOfBand whether the response is out of band: its items stay out of the conversation, its audio is
     *                  still on the ledger
     * @return the response's sink
     */
    ResponseSink forResponse(boolean outOfBand) {
        return outOfBand ? new OutOfBand() : new InBand();
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

    private void audioSent(String itemId, String pieceText, long millis) {
        audioWasSent |= millis > 0;
        ledger.sent(itemId, pieceText, millis, System.nanoTime());
    }

    /** A response writing to the conversation: its items join it, with the client's item events. */
    private final class InBand implements ResponseSink {
        @Override
        public void itemAdded(Item item) {
            Optional<String> before = conversation.insert(item, Optional.empty());
            emitter.emit(new ServerEvent.ItemAdded(before, item));
        }

        @Override
        public void conversationItem(Item item) {
            Optional<String> before = conversation.insert(item, Optional.empty());
            emitter.emit(new ServerEvent.ItemAdded(before, item));
            emitter.emit(new ServerEvent.ItemDone(before, item));
        }

        @Override
        public void itemDone(Item item) {
            if (conversation.contains(item.id())) {
                conversation.replace(item);
                emitter.emit(new ServerEvent.ItemDone(previousOf(item.id()), item));
            }
        }

        @Override
        public void audioSent(String itemId, String pieceText, long millis) {
            ResponseItems.this.audioSent(itemId, pieceText, millis);
        }
    }

    /** An out-of-band response: its items are its own output only. */
    private final class OutOfBand implements ResponseSink {
        @Override
        public void itemAdded(Item item) {
            // not part of the conversation
        }

        @Override
        public void conversationItem(Item item) {
            // not part of the conversation
        }

        @Override
        public void itemDone(Item item) {
            // not part of the conversation
        }

        @Override
        public void audioSent(String itemId, String pieceText, long millis) {
            ResponseItems.this.audioSent(itemId, pieceText, millis);
        }
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

package dev.realtime.session;

import java.lang.System.Logger.Level;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import dev.realtime.config.StorageLimits;
import dev.realtime.observe.EngineMetrics;
import dev.realtime.protocol.Item;
import dev.realtime.protocol.ProtocolException;
import dev.realtime.protocol.ServerEvent;

/**
 * Keeps what a session stores under its caps ({@link StorageLimits}). The total is the sum of sizes counted as
 * things are stored (the conversation's items, the kept audio of user turns, the timing of spoken answers), so a
 * check costs nothing per event. When the total passes the cap, what exists only for retrieval and truncation is
 * let go first, silently and oldest first: the audio of user turns, then the timing of older spoken answers. Then
 * items leave the conversation, oldest first, each with {@code conversation.item.deleted}: to make room for a
 * client's new item only the engine's own items (voice turns, answers, tool results) go, so items a client created
 * are never pushed out by other items it creates, and one that still does not fit is refused with an
 * {@code error}; when the engine's own items pass the cap, the oldest items of any kind go, as a long call must go
 * on. Items a response is writing never go. The open sessions' total is the gauge
 * {@code realtime_session_stored_bytes}. Used on the session loop only.
 */
final class StoreBudget {
    private static final System.Logger LOGGER = System.getLogger(StoreBudget.class.getName());

    private final StorageLimits limits;
    private final Conversation conversation;
    private final AudioStore audio;
    private final AudioLedger ledger;
    private final Predicate<String> producing;
    private final Emitter emitter;
    private final Set<String> clientItems = new HashSet<>();
    private long published;

    /**
     * @param producing whether an item is being written by an active response (never let go)
     */
    StoreBudget(StorageLimits limits, Conversation conversation, AudioStore audio, AudioLedger ledger,
                Predicate<String> producing, Emitter emitter) {
        this.limits = limits;
        this.conversation = conversation;
        this.audio = audio;
        this.ledger = ledger;
        this.producing = producing;
        this.emitter = emitter;
    }

    /** Bytes stored now. */
    long stored() {
        return conversation.bytes() + audio.bytes() + ledger.bytes();
    }

    /**
     * Makes room for an item a client creates, letting go of kept audio and timings, then of the engine's own
     * oldest items, if need be; the item is then the client's (the caller stores it at once).
     *
     * @param item     the new item
     * @param previous the item it is to follow, which stays
     * @throws ProtocolException {@code item_too_large} or {@code conversation_too_large}; nothing is stored
     */
    void admit(Item item, Optional<String> previous) {
        long size = ItemBytes.of(item);
        if (size > limits.maxItemBytes()) {
            throw ProtocolException.invalid("item_too_large", "The item is " + size + " bytes; one item may hold at"
                    + " most " + limits.maxItemBytes() + " bytes (limits.max_item_bytes, MAX_ITEM_BYTES).", "item");
        }
        while (stored() + size > limits.maxConversationBytes() && releaseOne()) {
            // audio and timings go first
        }
        while (stored() + size > limits.maxConversationBytes()
                && deleteOldest(i -> !clientItems.contains(i.id()) && !producing.test(i.id())
                        && !previous.equals(Optional.of(i.id())))) {
            // then the engine's own items
        }
        if (stored() + size > limits.maxConversationBytes()) {
            publish();
            throw ProtocolException.invalid("conversation_too_large", "The conversation holds " + stored()
                    + " bytes and the item needs " + size + " more; a session may store at most "
                    + limits.maxConversationBytes() + " bytes (limits.max_conversation_bytes, MAX_CONVERSATION_BYTES)."
                    + " Delete items with conversation.item.delete to make room.", "item");
        }
        clientItems.add(item.id());
    }

    /**
     * Brings the total back under the cap after the engine stored something (a voice turn, its audio, an answer):
     * kept audio and timings first, then the oldest items, each with {@code conversation.item.deleted}.
     */
    void settle() {
        while (stored() > limits.maxConversationBytes() && releaseOne()) {
            // audio and timings go first
        }
        while (stored() > limits.maxConversationBytes() && deleteOldest(i -> !producing.test(i.id()))) {
            // then the oldest items
        }
        publish();
    }

    /** An item left the conversation: its kept audio and timing go too. */
    void forget(String itemId) {
        audio.remove(itemId);
        ledger.remove(itemId);
        clientItems.remove(itemId);
    }

    /** Deletes the oldest item the filter lets go, telling the client; false when there is none. */
    private boolean deleteOldest(Predicate<Item> filter) {
        Optional<Item> oldest = conversation.oldest(filter);
        if (oldest.isEmpty()) {
            return false;
        }
        String id = oldest.get().id();
        conversation.delete(id);
        forget(id);
        emitter.emit(new ServerEvent.ItemDeleted(id));
        LOGGER.log(Level.DEBUG, () -> "conversation past " + limits.maxConversationBytes() + " bytes: " + id
                + " let go");
        return true;
    }

    /** The session ended: it stores nothing any more. */
    void close() {
        EngineMetrics.storedBytes(-published);
        published = 0;
    }

    private boolean releaseOne() {
        return audio.releaseOldest() || ledger.releaseOldest(producing);
    }

    private void publish() {
        long now = stored();
        if (now != published) {
            EngineMetrics.storedBytes(now - published);
            published = now;
        }
    }
}

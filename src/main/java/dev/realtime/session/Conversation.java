package dev.realtime.session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import dev.realtime.protocol.Item;

/**
 * The ordered items of a session's default conversation, and their size ({@link ItemBytes}), kept up to date as
 * items are inserted, replaced and deleted. Owned by the session loop; not thread-safe.
 */
final class Conversation {
    /** The {@code previous_item_id} value that inserts at the start. */
    static final String ROOT = "root";

    private final List<Item> items = new ArrayList<>();
    private final Map<String, Item> byId = new HashMap<>();
    private long bytes;

    /** Items in order. */
    List<Item> items() {
        return List.copyOf(items);
    }

    Optional<Item> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    boolean contains(String id) {
        return byId.containsKey(id);
    }

    /** Id of the last item, if any. */
    Optional<String> lastId() {
        return items.isEmpty() ? Optional.empty() : Optional.of(items.getLast().id());
    }

    /**
     * Inserts an item.
     *
     * @param item     the item (its id must be new)
     * @param previous {@link #ROOT} to prepend, an existing id to insert after, empty to append
     * @return the id of the item now before it, if any
     */
    Optional<String> insert(Item item, Optional<String> previous) {
        bytes += ItemBytes.of(item);
        if (previous.isEmpty()) {
            Optional<String> last = lastId();
            items.add(item);
            byId.put(item.id(), item);
            return last;
        }
        int index = ROOT.equals(previous.get()) ? 0 : indexOf(previous.get()) + 1;
        items.add(index, item);
        byId.put(item.id(), item);
        return index == 0 ? Optional.empty() : Optional.of(items.get(index - 1).id());
    }

    /** Replaces an item with a new version of itself; no-op when it was deleted meanwhile. */
    void replace(Item item) {
        Item old = byId.get(item.id());
        if (old != null) {
            items.set(indexOf(item.id()), item);
            byId.put(item.id(), item);
            bytes += ItemBytes.of(item) - ItemBytes.of(old);
        }
    }

    /** Removes an item; returns whether it existed. */
    boolean delete(String id) {
        Item removed = byId.remove(id);
        if (removed == null) {
            return false;
        }
        items.remove(indexOf(id));
        bytes -= ItemBytes.of(removed);
        return true;
    }

    /** The stored size of every item ({@link ItemBytes}). */
    long bytes() {
        return bytes;
    }

    /** The oldest item that the filter lets go, if any. */
    Optional<Item> oldest(Predicate<Item> filter) {
        return items.stream().filter(filter).findFirst();
    }

    /** Whether a function call with this call id exists. */
    boolean hasCall(String callId) {
        return items.stream().anyMatch(i -> i instanceof Item.FunctionCall f && f.callId().equals(callId));
    }

    private int indexOf(String id) {
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }
}

package dev.realtime.session;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The audio of committed user items, kept so {@code conversation.item.retrieve} can return it. It counts against
 * the session's conversation cap and is the first thing let go when the cap is reached, oldest item first
 * ({@link StoreBudget}). Used on the session loop only.
 */
final class AudioStore {
    private final Map<String, byte[]> audio = new LinkedHashMap<>();
    private long bytes;

    void put(String itemId, byte[] data) {
        remove(itemId);
        audio.put(itemId, data);
        bytes += data.length;
    }

    Optional<byte[]> get(String itemId) {
        return Optional.ofNullable(audio.get(itemId));
    }

    void remove(String itemId) {
        byte[] removed = audio.remove(itemId);
        if (removed != null) {
            bytes -= removed.length;
        }
    }

    /** Bytes of audio held. */
    long bytes() {
        return bytes;
    }

    /**
     * Lets go of the oldest item's audio.
     *
     * @return whether there was any to let go
     */
    boolean releaseOldest() {
        Iterator<byte[]> oldest = audio.values().iterator();
        if (!oldest.hasNext()) {
            return false;
        }
        bytes -= oldest.next().length;
        oldest.remove();
        return true;
    }
}

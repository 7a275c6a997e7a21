package dev.realtime.session;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The audio of committed user items, kept so {@code conversation.item.retrieve} can return it. Bounded: the
 * oldest items lose their audio first. Used on the session loop only.
 */
final class AudioStore {
    private final Map<String, byte[]> audio = new LinkedHashMap<>();
    private final long maxBytes;
    private long bytes;

    AudioStore(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    void put(String itemId, byte[] data) {
        audio.put(itemId, data);
        bytes += data.length;
        Iterator<Map.Entry<String, byte[]>> oldest = audio.entrySet().iterator();
        while (bytes > maxBytes && oldest.hasNext()) {
            bytes -= oldest.next().getValue().length;
            oldest.remove();
        }
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
}

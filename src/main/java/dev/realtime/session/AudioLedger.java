package dev.realtime.session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * For every assistant item with audio: how much audio was sent, when its first delta left (the client's playback
 * clock starts there), and which text belongs to which stretch of audio. Answers what the user has heard, so a
 * barge-in or a {@code conversation.item.truncate} keeps only the heard words. Used on the session loop only.
 */
final class AudioLedger {
    private final Map<String, ItemAudio> items = new HashMap<>();

    private static final class ItemAudio {
        private final long firstDeltaNanos;
        private final List<Long> pieceStartMs = new ArrayList<>();
        private final List<String> pieceText = new ArrayList<>();
        private long sentMs;

        ItemAudio(long firstDeltaNanos) {
            this.firstDeltaNanos = firstDeltaNanos;
        }
    }

    /** Records audio sent for an item; text that starts a new piece is placed at the audio sent so far. */
    void sent(String itemId, String pieceText, long millis, long nowNanos) {
        ItemAudio item = items.computeIfAbsent(itemId, k -> new ItemAudio(nowNanos));
        if (!pieceText.isEmpty()) {
            item.pieceStartMs.add(item.sentMs);
            item.pieceText.add(pieceText);
        }
        item.sentMs += millis;
    }

    /** Milliseconds of audio sent for the item. */
    long sentMillis(String itemId) {
        ItemAudio item = items.get(itemId);
        return item == null ? 0 : item.sentMs;
    }

    /** Milliseconds the client has played by now, by the audio clock that started at the first delta. */
    long playedMillis(String itemId, long nowNanos) {
        ItemAudio item = items.get(itemId);
        if (item == null) {
            return 0;
        }
        return Math.min(item.sentMs, (nowNanos - item.firstDeltaNanos) / 1_000_000);
    }

    /**
     * The transcript of the item's audio up to a point: whole pieces that were fully played, and the share of
     * the words of the piece playing at that moment.
     */
    String transcriptAt(String itemId, long audioEndMs) {
        ItemAudio item = items.get(itemId);
        if (item == null) {
            return "";
        }
        StringBuilder heard = new StringBuilder();
        for (int i = 0; i < item.pieceText.size(); i++) {
            long start = item.pieceStartMs.get(i);
            if (start >= audioEndMs) {
                break;
            }
            long end = i + 1 < item.pieceStartMs.size() ? item.pieceStartMs.get(i + 1) : item.sentMs;
            String text = item.pieceText.get(i);
            if (audioEndMs >= end) {
                heard.append(text);
            } else {
                String[] words = text.strip().split("\\s+");
                int keep = (int) (words.length * (audioEndMs - start) / Math.max(1, end - start));
                if (keep > 0) {
                    heard.append(text.startsWith(" ") ? " " : "")
                            .append(String.join(" ", java.util.Arrays.copyOf(words, keep)));
                }
            }
        }
        return heard.toString();
    }

    /** Forgets an item (deleted). */
    void remove(String itemId) {
        items.remove(itemId);
    }
}

package dev.realtime.session;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * For every assistant item with audio: how much audio was sent, when its first delta left (the client's playback
 * clock starts there), and which text belongs to which stretch of audio. Answers what the user has heard, so a
 * barge-in or a {@code conversation.item.truncate} keeps only the heard words. The text of its pieces counts against
 * the session's conversation cap and is let go (oldest item first) when the cap is reached: such an item keeps how
 * much audio it had, but a truncation then leaves its transcript whole. Used on the session loop only.
 */
final class AudioLedger {
    /** What an item's entry costs besides its text. */
    private static final int ITEM_OVERHEAD = 96;
    /** What a piece costs besides its text. */
    private static final int PIECE_OVERHEAD = 48;

    private final Map<String, ItemAudio> items = new LinkedHashMap<>();
    private long bytes;

    private static final class ItemAudio {
        private final long firstDeltaNanos;
        private final List<Long> pieceStartMs = new ArrayList<>();
        private final List<String> pieceText = new ArrayList<>();
        private long sentMs;
        private long textBytes;
        private boolean released;

        ItemAudio(long firstDeltaNanos) {
            this.firstDeltaNanos = firstDeltaNanos;
        }
    }

    /** Records audio sent for an item; text that starts a new piece is placed at the audio sent so far. */
    void sent(String itemId, String pieceText, long millis, long nowNanos) {
        ItemAudio item = items.get(itemId);
        if (item == null) {
            item = new ItemAudio(nowNanos);
            items.put(itemId, item);
            bytes += ITEM_OVERHEAD;
        }
        if (!pieceText.isEmpty() && !item.released) {
            item.pieceStartMs.add(item.sentMs);
            item.pieceText.add(pieceText);
            item.textBytes += pieceText.length() + PIECE_OVERHEAD;
            bytes += pieceText.length() + PIECE_OVERHEAD;
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
     * the words of the piece playing at that moment; empty when the pieces were let go.
     */
    Optional<String> transcriptAt(String itemId, long audioEndMs) {
        ItemAudio item = items.get(itemId);
        if (item == null) {
            return Optional.of("");
        }
        if (item.released) {
            return Optional.empty();
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
                            .append(String.join(" ", Arrays.copyOf(words, keep)));
                }
            }
        }
        return Optional.of(heard.toString());
    }

    /** Forgets an item (deleted). */
    void remove(String itemId) {
        ItemAudio removed = items.remove(itemId);
        if (removed != null) {
            bytes -= ITEM_OVERHEAD + removed.textBytes;
        }
    }

    /** What the ledger holds, counted as its text plus a fixed cost per item and piece. */
    long bytes() {
        return bytes;
    }

    /**
     * Lets go of the pieces of the oldest item that still has some, unless it is the one being spoken now.
     *
     * @param keep the item not to touch (the answer being spoken)
     * @return whether anything was let go
     */
    boolean releaseOldest(Predicate<String> keep) {
        for (Map.Entry<String, ItemAudio> entry : items.entrySet()) {
            ItemAudio item = entry.getValue();
            if (!item.released && item.textBytes > 0 && !keep.test(entry.getKey())) {
                item.pieceStartMs.clear();
                item.pieceText.clear();
                item.released = true;
                bytes -= item.textBytes;
                item.textBytes = 0;
                return true;
            }
        }
        return false;
    }
}

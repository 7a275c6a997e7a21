package dev.realtime.stt.deepgram;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The text of one turn assembled from Deepgram results (providers.md §1.4): every non-empty {@code is_final}
 * segment is appended to the utterance; an interim result only replaces the unsettled tail, interims are never
 * concatenated. Deltas follow the hypothesis (settled segments plus the current interim tail) word by word and
 * are append-only: a delta carries the hypothesis words beyond the number of words already reported. A result
 * that revises words already reported (capitalisation, punctuation, a changed word) is not re-reported, and a
 * shorter hypothesis (after a reconnect) reports nothing until it grows past what was reported; the
 * {@code Completed} transcript is authoritative. Used on the stream's STT loop thread only.
 */
final class Transcript {

    private final List<String> finals = new ArrayList<>();
    private String partial = "";
    private int reportedWords;

    /**
     * @param result a result for this turn's audio
     */
    void accept(ListenResult result) {
        String text = result.transcript().strip();
        if (result.isFinal()) {
            if (!text.isEmpty()) {
                finals.add(text);
            }
            partial = "";
        } else {
            partial = text;
        }
    }

    /**
     * @return the words of the hypothesis beyond those already reported (with a leading space after the first
     *         delta), when there are any
     */
    Optional<String> takeDelta() {
        String hypothesis = hypothesis();
        String[] words = hypothesis.isEmpty() ? new String[0] : hypothesis.split("\\s+");
        if (words.length <= reportedWords) {
            return Optional.empty();
        }
        String delta = String.join(" ", Arrays.copyOfRange(words, reportedWords, words.length));
        delta = reportedWords == 0 ? delta : " " + delta;
        reportedWords = words.length;
        return Optional.of(delta);
    }

    /** @return the settled utterance: the {@code is_final} segments joined by spaces */
    String settled() {
        return String.join(" ", finals);
    }

    /** @return the settled segments plus the latest interim tail */
    String hypothesis() {
        if (partial.isEmpty()) {
            return settled();
        }
        return finals.isEmpty() ? partial : settled() + " " + partial;
    }

    /** Forgets segments (the audio is being resent on a new connection); what was reported stays reported. */
    void restart() {
        finals.clear();
        partial = "";
    }
}

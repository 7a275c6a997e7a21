package dev.realtime.tts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Cuts streamed model text into speakable pieces: the first clause as soon as it is long enough, then whole
 * sentences, and never more than {@value #MAX_CHARS} characters, so synthesis of one piece starts while the model
 * still writes the next. Markdown is stripped and code fences are dropped. One per response; used on its model
 * thread.
 */
public final class SentenceChunker {
    static final int MAX_CHARS = 200;
    private static final int FIRST_CLAUSE_WORDS = 5;
    private static final Set<String> ABBREVIATIONS = Set.of("mr.", "mrs.", "ms.", "dr.", "prof.", "st.", "vs.",
                                                            "e.g.", "i.e.", "etc.", "approx.", "no.", "jr.", "sr.");
    private static final Pattern LINK = Pattern.compile("\\[([^\\]]*)]\\([^)]*\\)");
    private static final Pattern EMPHASIS = Pattern.compile("(\\*\\*|__|\\*|`|~~)");
    private static final Pattern LINE_MARKER = Pattern.compile("(?m)^\\s*(#{1,6}\\s+|[-*+]\\s+|>\\s*)");

    private final StringBuilder pending = new StringBuilder();
    private final StringBuilder line = new StringBuilder();
    private boolean inFence;
    private boolean first = true;

    /**
     * Adds model text.
     *
     * @param delta new text
     * @return pieces ready to speak
     */
    public List<String> push(String delta) {
        for (int i = 0; i < delta.length(); i++) {
            char c = delta.charAt(i);
            line.append(c);
            if (c == '\n') {
                takeLine();
            }
        }
        // text of an unfinished line is spoken before its end, unless it may open a code fence
        if (!inFence && !line.toString().stripLeading().startsWith("`")) {
            pending.append(line);
            line.setLength(0);
        }
        return pieces(false);
    }

    /**
     * The model finished: everything left.
     *
     * @return the last pieces
     */
    public List<String> flush() {
        takeLine();
        return pieces(true);
    }

    private void takeLine() {
        String text = line.toString();
        line.setLength(0);
        if (text.stripLeading().startsWith("```")) {
            inFence = !inFence;
            return;
        }
        if (!inFence) {
            pending.append(text);
        }
    }

    private List<String> pieces(boolean all) {
        List<String> out = new ArrayList<>();
        int cut;
        while ((cut = boundary()) > 0) {
            emit(pending.substring(0, cut), out);
            pending.delete(0, cut);
        }
        if (all) {
            emit(pending.toString(), out);
            pending.setLength(0);
        }
        return out;
    }

    /** End index of the next complete piece in {@code pending}, or 0. */
    private int boundary() {
        int lastSpace = 0;
        for (int i = 0; i < pending.length(); i++) {
            char c = pending.charAt(i);
            boolean followed = i + 1 < pending.length() ? Character.isWhitespace(pending.charAt(i + 1))
                    : first && wordBefore(i);
            if (c == '\n' && i + 1 < pending.length() && pending.charAt(i + 1) == '\n') {
                return i + 1;
            }
            if ((c == '.' || c == '!' || c == '?' || c == '…') && followed && !abbreviation(i)) {
                return i + 1;
            }
            if (first && (c == ',' || c == ';' || c == ':') && followed && words(i) >= FIRST_CLAUSE_WORDS) {
                return i + 1;
            }
            if (Character.isWhitespace(c)) {
                lastSpace = i;
            }
            if (i >= MAX_CHARS && lastSpace > 0) {
                return lastSpace;
            }
        }
        return 0;
    }

    /**
     * Whether the text before {@code end} ends in a word of two or more letters: the first piece is cut at a mark that
     * ends the model's text so far (a sentence or clause rarely goes on after "today." or "sure,"), instead of
     * waiting for the next token; single letters ("e." of "e.g."), numbers and dotted words wait as before.
     */
    private boolean wordBefore(int end) {
        int start = end;
        while (start > 0 && Character.isLetter(pending.charAt(start - 1))) {
            start--;
        }
        return end - start >= 2 && (start == 0 || Character.isWhitespace(pending.charAt(start - 1)));
    }

    private boolean abbreviation(int dot) {
        int start = dot;
        while (start > 0 && !Character.isWhitespace(pending.charAt(start - 1))) {
            start--;
        }
        String word = pending.substring(start, dot + 1).toLowerCase(Locale.ROOT);
        // "1." opens a numbered list item far more often than it ends a sentence
        return ABBREVIATIONS.contains(word)
                || word.chars().limit(word.length() - 1).allMatch(Character::isDigit)
                || (word.length() == 2 && Character.isLetter(word.charAt(0))
                        && Character.isUpperCase(pending.charAt(start)));
    }

    private int words(int end) {
        return pending.substring(0, end).strip().split("\\s+").length;
    }

    private void emit(String raw, List<String> out) {
        String text = LINE_MARKER.matcher(raw).replaceAll("");
        text = LINK.matcher(text).replaceAll("$1");
        text = EMPHASIS.matcher(text).replaceAll("");
        text = text.replaceAll("\\s+", " ").strip();
        if (!text.isEmpty() && text.chars().anyMatch(Character::isLetterOrDigit)) {
            out.add(text);
            first = false;
        }
    }
}

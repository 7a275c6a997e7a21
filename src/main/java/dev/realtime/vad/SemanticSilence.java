package dev.realtime.vad;

import java.util.Locale;
import java.util.Set;

/**
 * Semantic VAD's end-of-turn rule: how much silence ends a turn given the eagerness and the transcript so
 * far. Pure.
 * <table>
 *   <caption>Silence by eagerness</caption>
 *   <tr><th>eagerness</th><th>base silence</th><th>max wait</th></tr>
 *   <tr><td>high</td><td>250 ms</td><td>2 s</td></tr>
 *   <tr><td>medium, auto</td><td>500 ms</td><td>4 s</td></tr>
 *   <tr><td>low</td><td>800 ms</td><td>8 s</td></tr>
 * </table>
 * The transcript (trailing spaces and closing quotes or brackets ignored) is <em>plainly unfinished</em> when
 * it ends with {@code ,} {@code ;} {@code :} a dash, or an ellipsis ({@code ...} or {@code …}), or when it
 * does not end with terminal punctuation ({@code . ? !}) and its last word is one of {@link #CONTINUATIONS}:
 * a conjunction ({@code and but or nor so because if although though unless whether while than}), a
 * preposition that rarely ends a sentence ({@code to of with into onto}), an article or possessive
 * determiner ({@code the a an my your our their its}) or a filler ({@code um umm uh uhh uhm er erm hmm}).
 * An unfinished transcript needs the max wait of silence; anything else (terminal punctuation, another last
 * word, or no transcript yet) needs the base silence. Unpunctuated transcripts (e.g. pocketsphinx) thus end
 * with the base silence unless their last word is a continuation; "i think so" without a full stop waits
 * the max, a known cost of judging by the last word.
 */
public final class SemanticSilence {

    /** Last words after which an unpunctuated transcript is plainly unfinished. */
    static final Set<String> CONTINUATIONS = Set.of(
            "and", "but", "or", "nor", "so", "because", "if", "although", "though", "unless", "whether",
            "while", "than",
            "to", "of", "with", "into", "onto",
            "the", "a", "an", "my", "your", "our", "their", "its",
            "um", "umm", "uh", "uhh", "uhm", "er", "erm", "hmm");

    private static final String CLOSERS = "\"')]}»”’";

    private SemanticSilence() {
    }

    /**
     * @param eagerness {@code low}, {@code medium}, {@code high} or {@code auto}
     * @return the silence that ends a turn whose transcript is not plainly unfinished
     */
    public static int baseMs(String eagerness) {
        return switch (eagerness) {
            case "high" -> 250;
            case "low" -> 800;
            default -> 500;
        };
    }

    /**
     * @param eagerness {@code low}, {@code medium}, {@code high} or {@code auto}
     * @return the silence that ends a turn whose transcript is plainly unfinished
     */
    public static int maxWaitMs(String eagerness) {
        return switch (eagerness) {
            case "high" -> 2_000;
            case "low" -> 8_000;
            default -> 4_000;
        };
    }

    /**
     * @param eagerness  semantic VAD eagerness
     * @param textSoFar the turn's transcript so far, possibly empty
     * @return the silence in milliseconds that ends the turn
     */
    public static int requiredMs(String eagerness, String textSoFar) {
        return unfinished(textSoFar) ? maxWaitMs(eagerness) : baseMs(eagerness);
    }

    /**
     * @param text a transcript
     * @return whether it is plainly unfinished per the class documentation
     */
    public static boolean unfinished(String text) {
        int end = text.length();
        while (end > 0 && (Character.isWhitespace(text.charAt(end - 1))
                || CLOSERS.indexOf(text.charAt(end - 1)) >= 0)) {
            end--;
        }
        if (end == 0) {
            return false;
        }
        char last = text.charAt(end - 1);
        if (last == '…' || last == '.' && end >= 2 && text.charAt(end - 2) == '.') {
            return true;
        }
        if (last == '.' || last == '?' || last == '!') {
            return false;
        }
        if (last == ',' || last == ';' || last == ':' || last == '-' || last == '—' || last == '–') {
            return true;
        }
        int start = end;
        while (start > 0 && (Character.isLetter(text.charAt(start - 1)) || text.charAt(start - 1) == '\'')) {
            start--;
        }
        return CONTINUATIONS.contains(text.substring(start, end).toLowerCase(Locale.ROOT));
    }
}

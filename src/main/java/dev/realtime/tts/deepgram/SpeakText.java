package dev.realtime.tts.deepgram;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The JSON messages of the speak v1 protocol the client sends. Pure.
 */
final class SpeakText {

    /** Deepgram's limit on one {@code Speak} message. */
    static final int MAX_CHARS = 2_000;

    static final ObjectMapper MAPPER = new ObjectMapper();

    private SpeakText() {
    }

    /** @return {@code Speak} messages for {@code text}, each at most {@link #MAX_CHARS} characters of text */
    static List<String> speakMessages(String text) {
        List<String> messages = new ArrayList<>();
        for (String part : split(text, MAX_CHARS)) {
            messages.add(MAPPER.createObjectNode().put("type", "Speak").put("text", part).toString());
        }
        return messages;
    }

    /** @return a control message: {@code Flush}, {@code Clear} or {@code Close} */
    static String control(String type) {
        return "{\"type\":\"" + type + "\"}";
    }

    /**
     * Splits at the last whitespace before the limit when there is one, never inside a surrogate pair; the parts
     * concatenate back to {@code text}.
     */
    static List<String> split(String text, int limit) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        while (text.length() - start > limit) {
            int end = start + limit;
            int space = end;
            while (space > start + limit / 2 && !Character.isWhitespace(text.charAt(space - 1))) {
                space--;
            }
            if (space > start + limit / 2) {
                end = space;
            } else if (Character.isLowSurrogate(text.charAt(end))) {
                end--;
            }
            parts.add(text.substring(start, end));
            start = end;
        }
        parts.add(text.substring(start));
        return parts;
    }
}

package dev.realtime.llm;

/**
 * Removes {@code <think>...</think>} spans from streamed content, also when a tag is split across chunks, and
 * the whitespace that follows a closing tag. Pure; confined to the thread reading the stream.
 */
final class ThinkFilter {

    private static final String OPEN = "<think>";
    private static final String CLOSE = "</think>";

    private String pending = "";
    private boolean inside;
    private boolean trimLeading;

    /**
     * @param delta the next content piece
     * @return the visible text that can be released now, possibly empty
     */
    String accept(String delta) {
        String buf = pending + delta;
        pending = "";
        StringBuilder out = new StringBuilder();
        while (!buf.isEmpty()) {
            if (inside) {
                int end = buf.indexOf(CLOSE);
                if (end < 0) {
                    pending = partialSuffix(buf, CLOSE);
                    break;
                }
                buf = buf.substring(end + CLOSE.length());
                inside = false;
                trimLeading = true;
                continue;
            }
            if (trimLeading) {
                buf = buf.stripLeading();
                if (buf.isEmpty()) {
                    break;
                }
                trimLeading = false;
            }
            int start = buf.indexOf(OPEN);
            if (start >= 0) {
                out.append(buf, 0, start);
                buf = buf.substring(start + OPEN.length());
                inside = true;
                continue;
            }
            pending = partialSuffix(buf, OPEN);
            out.append(buf, 0, buf.length() - pending.length());
            break;
        }
        return out.toString();
    }

    /**
     * @return text held back because it might have started a tag, released at the end of the stream
     */
    String flush() {
        String rest = inside ? "" : pending;
        pending = "";
        return rest;
    }

    private static String partialSuffix(String text, String tag) {
        for (int n = Math.min(tag.length() - 1, text.length()); n > 0; n--) {
            if (text.endsWith(tag.substring(0, n))) {
                return text.substring(text.length() - n);
            }
        }
        return "";
    }
}

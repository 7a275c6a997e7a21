package dev.realtime.upstream;

import java.net.URI;

/**
 * Joins a configured base URL and a provider path: {@code https://api.groq.com/openai/v1} and
 * {@code /chat/completions}. Pure.
 */
public final class Endpoints {

    private Endpoints() {
    }

    /**
     * @param base a base URL, with or without a trailing slash, possibly with a query string (kept, after the path)
     * @param path the path to append, starting with {@code /}
     * @return the endpoint; a fragment of the base is dropped
     */
    public static URI http(URI base, String path) {
        String text = withoutFragment(base.toString());
        int question = text.indexOf('?');
        String query = question < 0 ? "" : text.substring(question);
        String head = question < 0 ? text : text.substring(0, question);
        return URI.create(trimSlashes(head) + path + query);
    }

    /**
     * @param base         a base URL such as {@code wss://api.deepgram.com} or {@code http://127.0.0.1:8090};
     *                     {@code http(s)} becomes {@code ws(s)}, a query string or fragment is dropped
     * @param pathAndQuery the path and query to append, starting with {@code /}
     * @return the WebSocket endpoint
     */
    public static URI webSocket(URI base, String pathAndQuery) {
        String text = base.toString();
        int cut = text.indexOf('?');
        text = withoutFragment(cut < 0 ? text : text.substring(0, cut));
        if (text.regionMatches(true, 0, "http", 0, 4)) {
            text = "ws" + text.substring(4);
        }
        return URI.create(trimSlashes(text) + pathAndQuery);
    }

    private static String withoutFragment(String text) {
        int hash = text.indexOf('#');
        return hash < 0 ? text : text.substring(0, hash);
    }

    private static String trimSlashes(String text) {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '/') {
            end--;
        }
        return text.substring(0, end);
    }
}

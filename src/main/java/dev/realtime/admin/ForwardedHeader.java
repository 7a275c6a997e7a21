package dev.realtime.admin;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The first element of an RFC 7239 {@code Forwarded} header: what the proxy nearest the client saw, such as
 * {@code for=192.0.2.60;proto=https;host="engine.example.com:8443"}. Quoted values may hold {@code ;} and
 * {@code ,}; whitespace around {@code ;} is allowed. Helidon's {@code io.helidon.http.Forwarded} keeps the space
 * in {@code "a=1; proto=https"} as part of the name and fails on an empty pair, so this small parser stands in.
 * Pure.
 *
 * @param pairs parameter names (lower case) to unquoted values
 */
record ForwardedHeader(Map<String, String> pairs) {
    /**
     * Parses the first element of the first {@code Forwarded} header.
     *
     * @param values every value of the header, in order
     * @return the element, empty without a header or when its first element holds no pair
     */
    static Optional<ForwardedHeader> first(List<String> values) {
        if (values.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> pairs = new HashMap<>();
        String text = values.getFirst();
        StringBuilder pair = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted && c == '\\' && i + 1 < text.length()) {
                pair.append(text.charAt(++i));
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == ';' || c == ',')) {
                add(pairs, pair);
                if (c == ',') {
                    break;
                }
            } else {
                pair.append(c);
            }
        }
        add(pairs, pair);
        return pairs.isEmpty() ? Optional.empty() : Optional.of(new ForwardedHeader(Map.copyOf(pairs)));
    }

    /** A parameter's value, such as {@code proto} or {@code host}. */
    Optional<String> get(String name) {
        return Optional.ofNullable(pairs.get(name));
    }

    private static void add(Map<String, String> pairs, StringBuilder pair) {
        int eq = pair.indexOf("=");
        if (eq > 0) {
            pairs.putIfAbsent(pair.substring(0, eq).strip().toLowerCase(Locale.ROOT), pair.substring(eq + 1).strip());
        }
        pair.setLength(0);
    }
}

package dev.realtime.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the credential of a WebSocket upgrade in the places clients put it: {@code Authorization: Bearer},
 * an {@code api-key} header, the subprotocol {@code openai-insecure-api-key.<token>} (or the bare entry followed by
 * the token, or any {@code ek_} entry), or {@code ?token=}. Pure.
 */
public final class Credentials {
    private static final String INSECURE_KEY = "openai-insecure-api-key";

    private Credentials() {
    }

    /**
     * The presented credential.
     *
     * @param authorization {@code Authorization} header value
     * @param apiKey        {@code api-key} header value
     * @param subprotocols  offered subprotocol entries, in order
     * @param queryToken    {@code token} query parameter
     * @return the credential, if any was presented
     */
    public static Optional<String> find(Optional<String> authorization, Optional<String> apiKey,
                                        List<String> subprotocols, Optional<String> queryToken) {
        Optional<String> bearer = authorization.map(String::trim)
                .filter(v -> v.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(v -> v.substring(7).trim())
                .filter(v -> !v.isEmpty());
        if (bearer.isPresent()) {
            return bearer;
        }
        if (apiKey.isPresent() && !apiKey.get().isBlank()) {
            return apiKey.map(String::trim);
        }
        for (int i = 0; i < subprotocols.size(); i++) {
            String entry = subprotocols.get(i);
            if (entry.startsWith(INSECURE_KEY + ".") && entry.length() > INSECURE_KEY.length() + 1) {
                return Optional.of(entry.substring(INSECURE_KEY.length() + 1));
            }
            if (entry.equals(INSECURE_KEY) && i + 1 < subprotocols.size()) {
                return Optional.of(subprotocols.get(i + 1));
            }
            if (entry.startsWith(TokenService.PREFIX)) {
                return Optional.of(entry);
            }
        }
        return queryToken.filter(t -> !t.isBlank());
    }

    /**
     * Splits {@code Sec-WebSocket-Protocol} header values into entries.
     *
     * @param headerValues every value of the header
     * @return trimmed, non-empty entries in order
     */
    public static List<String> subprotocols(List<String> headerValues) {
        List<String> entries = new ArrayList<>();
        for (String value : headerValues) {
            for (String entry : value.split(",")) {
                if (!entry.isBlank()) {
                    entries.add(entry.trim());
                }
            }
        }
        return entries;
    }
}

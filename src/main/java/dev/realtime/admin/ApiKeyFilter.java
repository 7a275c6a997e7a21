package dev.realtime.admin;

import java.util.Optional;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import dev.realtime.auth.ApiKeyGuard;

/**
 * Guards minting and admin routes with {@code ENGINE_API_KEY}, presented as {@code Authorization: Bearer} or
 * {@code X-API-Key}. Answers 401 itself, otherwise passes the request on. Request threads.
 */
final class ApiKeyFilter {
    private final ApiKeyGuard guard;

    ApiKeyFilter(ApiKeyGuard guard) {
        this.guard = guard;
    }

    void filter(ServerRequest req, ServerResponse res) {
        if (!guard.configured()) {
            refuse(res, "engine_api_key_not_set", ApiKeyGuard.NOT_CONFIGURED);
            return;
        }
        Optional<String> presented = req.headers().first(HeaderNames.AUTHORIZATION)
                .filter(v -> v.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(v -> v.substring(7).trim())
                .or(() -> req.headers().first(HeaderNames.create("X-API-Key")).map(String::trim));
        if (presented.isEmpty()) {
            refuse(res, "missing_api_key", "Send the engine API key as 'Authorization: Bearer <ENGINE_API_KEY>' "
                    + "or 'X-API-Key: <ENGINE_API_KEY>'.");
            return;
        }
        if (!guard.matches(presented.get())) {
            refuse(res, "invalid_api_key", "The API key is not valid.");
            return;
        }
        res.next();
    }

    private static void refuse(ServerResponse res, String code, String message) {
        res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
        JsonResponses.error(res, Status.UNAUTHORIZED_401, code, message, Optional.empty());
    }
}

package dev.realtime.admin;

import java.util.Optional;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import dev.realtime.auth.OriginPolicy;

/**
 * Cross-origin access to the token endpoints for the pages {@code ALLOWED_ORIGINS} lists (any page when it is
 * unset). Answers the preflight itself ({@code OPTIONS}, 204), which carries no credential and so comes before the
 * API-key filter; on the request that follows it adds the CORS headers, so the page can read every answer, a 401
 * included. A request from an origin that is not allowed gets 403. Requests without {@code Origin} (not from a
 * browser) pass untouched. The allowed origin is echoed, never {@code *}, since requests carry
 * {@code Authorization}. Helidon's CORS module is not used: it answers the preflight with 200 and lets the opaque
 * origin {@code null} through without checking it. Request threads.
 */
final class CorsFilter {
    static final String METHODS = "POST, OPTIONS";
    /** The request headers the token endpoints read. */
    static final String HEADERS = "Authorization, Content-Type, X-API-Key";
    static final String MAX_AGE_SECONDS = "600";

    private final OriginPolicy origins;

    CorsFilter(OriginPolicy origins) {
        this.origins = origins;
    }

    /** {@code OPTIONS}: the preflight's answer, or 403. */
    void preflight(ServerRequest req, ServerResponse res) {
        Optional<String> origin = req.headers().first(HeaderNames.ORIGIN);
        if (refused(origin, res)) {
            return;
        }
        res.header(HeaderNames.ALLOW, METHODS);
        origin.ifPresent(o -> allow(o, res)
                .header(HeaderNames.ACCESS_CONTROL_ALLOW_METHODS, METHODS)
                .header(HeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, HEADERS)
                .header(HeaderNames.ACCESS_CONTROL_MAX_AGE, MAX_AGE_SECONDS));
        res.status(Status.NO_CONTENT_204).send();
    }

    /** Before the API-key filter: 403, or the CORS headers and on. */
    void filter(ServerRequest req, ServerResponse res) {
        Optional<String> origin = req.headers().first(HeaderNames.ORIGIN);
        if (refused(origin, res)) {
            return;
        }
        origin.ifPresent(o -> allow(o, res));
        res.next();
    }

    private boolean refused(Optional<String> origin, ServerResponse res) {
        Optional<String> refusal = origins.refusal(origin);
        refusal.ifPresent(message -> JsonResponses.error(res, Status.FORBIDDEN_403, "origin_not_allowed",
                                                         "The " + message + ".", Optional.empty()));
        return refusal.isPresent();
    }

    private static ServerResponse allow(String origin, ServerResponse res) {
        return res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
                .header(HeaderNames.VARY, "Origin");
    }
}

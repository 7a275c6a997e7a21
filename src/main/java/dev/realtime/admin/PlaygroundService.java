package dev.realtime.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code GET /playground}: the browser page that talks to the engine, served from the files packaged under
 * {@code playground/} in the jar. Only the files listed here are served, each with its content type; anything
 * else, and everything while the playground is disabled, answers 404. Answers carry {@code no-cache} (the page
 * changes with the engine) and a Content-Security-Policy that lets the page load only its own files and connect
 * only back to this engine (HTTP and WebSocket). Handlers run on request threads.
 */
public final class PlaygroundService implements HttpService {
    private static final String ROOT = "/playground/";
    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "mic-worklet.js", "text/javascript; charset=utf-8",
            "player-worklet.js", "text/javascript; charset=utf-8",
            "playground.css", "text/css; charset=utf-8");
    /** A Host header fit to be echoed into the policy: a name or address and a port, nothing else. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-]+(:\\d{1,5})?|\\[[0-9A-Fa-f:.]+](:\\d{1,5})?");

    private final boolean enabled;

    private PlaygroundService(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * The playground's routes.
     *
     * @param enabled whether the page is served ({@code PLAYGROUND}); when not, every path answers 404
     * @return service
     */
    public static PlaygroundService create(boolean enabled) {
        return new PlaygroundService(enabled);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", (req, res) -> send(req, res, "index.html"))
                .get("/{file}", (req, res) -> send(req, res, req.path().pathParameters().get("file")));
    }

    private void send(ServerRequest req, ServerResponse res, String file) {
        Optional<String> type = Optional.ofNullable(FILES.get(file));
        if (!enabled || type.isEmpty()) {
            JsonResponses.error(res, Status.NOT_FOUND_404, "not_found",
                                enabled ? "No such playground file." : "The playground is disabled (PLAYGROUND).",
                                Optional.empty());
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, type.get())
                .header(HeaderNames.CACHE_CONTROL, "no-cache")
                .header(HeaderNames.create("X-Content-Type-Options"), "nosniff")
                .header(HeaderNames.create("Content-Security-Policy"), policy(req));
        res.send(read(file));
    }

    /** Only this engine's own files and sockets; the Host the browser used names the socket's origin. */
    private static String policy(ServerRequest req) {
        String connect = req.headers().first(HeaderNames.HOST).filter(h -> HOST.matcher(h).matches())
                .map(h -> " ws://" + h + " wss://" + h).orElse("");
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                + "connect-src 'self'" + connect + "; media-src 'self' blob:; object-src 'none'; "
                + "base-uri 'none'; frame-ancestors 'none'; form-action 'none'";
    }

    private static byte[] read(String file) {
        try (InputStream in = PlaygroundService.class.getResourceAsStream(ROOT + file)) {
            if (in == null) {
                throw new IllegalStateException("playground file missing from the jar: " + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

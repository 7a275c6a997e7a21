package dev.realtime.admin;

import java.time.Clock;
import java.time.Instant;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code GET /health}: {@code {"status":"ok","timestamp":"<ISO-8601>"}}. Handlers run on request threads.
 */
public final class HealthService implements HttpService {
    private final Clock clock;

    private HealthService(Clock clock) {
        this.clock = clock;
    }

    /**
     * A health service.
     *
     * @param clock clock for the timestamp
     * @return service
     */
    public static HealthService create(Clock clock) {
        return new HealthService(clock);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::health);
    }

    private void health(ServerRequest req, ServerResponse res) {
        ObjectNode body = JsonNodeFactory.instance.objectNode()
                .put("status", "ok")
                .put("timestamp", Instant.now(clock).toString());
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(body.toString());
    }
}

package dev.realtime.admin;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code GET /health}: {@code {"status":"ok","timestamp":"<ISO-8601>","components":{...},"warnings":[...]}}: the
 * engine is up; components say which engine serves each stage and warnings name degraded ones. Handlers run on
 * request threads.
 */
public final class HealthService implements HttpService {
    private final Clock clock;
    private final java.util.function.Supplier<Map<String, String>> components;
    private final java.util.function.Supplier<List<String>> warnings;

    private HealthService(Clock clock, java.util.function.Supplier<Map<String, String>> components,
                          java.util.function.Supplier<List<String>> warnings) {
        this.clock = clock;
        this.components = components;
        this.warnings = warnings;
    }

    /**
     * A health service.
     *
     * @param clock      clock for the timestamp
     * @param components which engine serves each stage, such as {@code vad: silero}
     * @param warnings   degraded parts an operator should know about (energy VAD, no STT)
     * @return service
     */
    public static HealthService create(Clock clock, java.util.function.Supplier<Map<String, String>> components,
                                       java.util.function.Supplier<List<String>> warnings) {
        return new HealthService(clock, components, warnings);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::health);
    }

    private void health(ServerRequest req, ServerResponse res) {
        ObjectNode body = JsonNodeFactory.instance.objectNode()
                .put("status", "ok")
                .put("timestamp", Instant.now(clock).toString());
        ObjectNode parts = body.putObject("components");
        components.get().forEach(parts::put);
        warnings.get().forEach(body.putArray("warnings")::add);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(body.toString());
    }
}

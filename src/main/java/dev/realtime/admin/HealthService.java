package dev.realtime.admin;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code GET /health}: {@code {"status":"ok","timestamp":"<ISO-8601>","components":{...},"warnings":[...]}}: the
 * engine is up; components say which engine serves each stage and warnings name degraded ones. The status is
 * {@code degraded}, with a {@code reason}, while the engine runs on something else than its configuration file
 * (the file became unusable); it still answers 200, since it serves sessions. Handlers run on request threads.
 */
public final class HealthService implements HttpService {
    private final Clock clock;
    private final Supplier<Map<String, String>> components;
    private final Supplier<List<String>> warnings;
    private final Supplier<Optional<String>> degraded;

    private HealthService(Clock clock, Supplier<Map<String, String>> components, Supplier<List<String>> warnings,
                          Supplier<Optional<String>> degraded) {
        this.clock = clock;
        this.components = components;
        this.warnings = warnings;
        this.degraded = degraded;
    }

    /**
     * A health service.
     *
     * @param clock      clock for the timestamp
     * @param components which engine serves each stage, such as {@code vad: silero}
     * @param warnings   degraded parts an operator should know about (energy VAD, no STT)
     * @param degraded   why the engine does not run on its configuration file, when it does not
     * @return service
     */
    public static HealthService create(Clock clock, Supplier<Map<String, String>> components,
                                       Supplier<List<String>> warnings, Supplier<Optional<String>> degraded) {
        return new HealthService(clock, components, warnings, degraded);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::health);
    }

    private void health(ServerRequest req, ServerResponse res) {
        Optional<String> reason = degraded.get();
        ObjectNode body = JsonNodeFactory.instance.objectNode()
                .put("status", reason.isPresent() ? "degraded" : "ok")
                .put("timestamp", Instant.now(clock).toString());
        reason.ifPresent(r -> body.put("reason", r));
        ObjectNode parts = body.putObject("components");
        components.get().forEach(parts::put);
        warnings.get().forEach(body.putArray("warnings")::add);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(body.toString());
    }
}

package dev.realtime.admin;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
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
 * (the file became unusable); it still answers 200, since it serves sessions. Two probes for load balancers and
 * orchestrators: {@code GET /health/ready} answers 503 with the reason while a new session would be refused
 * (draining for shutdown, or MAX_SESSIONS reached), so new calls go to another replica, and 200 otherwise;
 * {@code GET /health/live} answers 200 while the process serves requests, draining or full alike. Handlers run on
 * request threads.
 */
public final class HealthService implements HttpService {
    private final Clock clock;
    private final Supplier<Map<String, String>> components;
    private final Supplier<List<String>> warnings;
    private final Supplier<Optional<String>> degraded;
    private final Supplier<Optional<String>> notReady;

    private HealthService(Clock clock, Supplier<Map<String, String>> components, Supplier<List<String>> warnings,
                          Supplier<Optional<String>> degraded, Supplier<Optional<String>> notReady) {
        this.clock = clock;
        this.components = components;
        this.warnings = warnings;
        this.degraded = degraded;
        this.notReady = notReady;
    }

    /**
     * A health service.
     *
     * @param clock      clock for the timestamp
     * @param components which engine serves each stage, such as {@code vad: silero}
     * @param warnings   degraded parts an operator should know about (energy VAD, no STT)
     * @param degraded   why the engine does not run on its configuration file, when it does not
     * @param notReady   why a new session would be refused now, when it would
     * @return service
     */
    public static HealthService create(Clock clock, Supplier<Map<String, String>> components,
                                       Supplier<List<String>> warnings, Supplier<Optional<String>> degraded,
                                       Supplier<Optional<String>> notReady) {
        return new HealthService(clock, components, warnings, degraded, notReady);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::health)
                .get("/ready", this::ready)
                .get("/live", (req, res) -> probe(res, Optional.empty()));
    }

    private void ready(ServerRequest req, ServerResponse res) {
        probe(res, notReady.get());
    }

    private void probe(ServerResponse res, Optional<String> refusal) {
        ObjectNode body = JsonNodeFactory.instance.objectNode()
                .put("status", refusal.isPresent() ? "unavailable" : "ok")
                .put("timestamp", Instant.now(clock).toString());
        refusal.ifPresent(r -> body.put("reason", r));
        res.status(refusal.isPresent() ? Status.SERVICE_UNAVAILABLE_503 : Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(body.toString());
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

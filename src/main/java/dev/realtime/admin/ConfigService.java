package dev.realtime.admin;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import dev.realtime.auth.ApiKeyGuard;
import dev.realtime.config.ConfigConflictException;
import dev.realtime.config.ConfigException;
import dev.realtime.config.ConfigView;
import dev.realtime.config.RuntimeSnapshot;
import dev.realtime.config.RuntimeStore;
import dev.realtime.fleet.FleetException;

/**
 * The runtime config API behind the engine API key: {@code GET/PUT /config}, {@code POST /config/validate},
 * {@code POST /config/reload}, {@code GET /presets}. An invalid request answers 400 with every problem and its
 * path and changes nothing. With {@code REDIS_URL}, a change or reload that Redis fails to store answers 503 and one
 * that kept losing to other replicas' changes 409; neither changes anything. Request threads.
 */
public final class ConfigService implements HttpService {
    /** Largest request body the HTTP listener takes (413 above): a config change, with room for JSON escapes. */
    public static final long MAX_BODY_BYTES = 4L * 1024 * 1024;

    private final RuntimeStore store;
    private final ApiKeyFilter filter;

    private ConfigService(RuntimeStore store, ApiKeyGuard guard) {
        this.store = store;
        this.filter = new ApiKeyFilter(guard);
    }

    /**
     * @param store the configuration store
     * @param guard the engine API key
     * @return the service, to be registered at the server root
     */
    public static ConfigService create(RuntimeStore store, ApiKeyGuard guard) {
        return new ConfigService(store, guard);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/config", filter::filter, guarded(this::get))
                .put("/config", filter::filter, guarded(this::put))
                .post("/config/validate", filter::filter, guarded(this::validate))
                .post("/config/reload", filter::filter, guarded(this::reload))
                .get("/presets", filter::filter, guarded(this::presets));
    }

    private void get(ServerRequest req, ServerResponse res) {
        boolean sources = req.query().first("sources").map("true"::equalsIgnoreCase).orElse(false);
        JsonResponses.send(res, Status.OK_200, ConfigView.of(store, sources));
    }

    private void put(ServerRequest req, ServerResponse res) {
        store.apply(JsonResponses.body(req));
        JsonResponses.send(res, Status.OK_200, ConfigView.of(store, false));
    }

    private void validate(ServerRequest req, ServerResponse res) {
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        try {
            RuntimeSnapshot snapshot = store.validate(JsonResponses.body(req));
            answer.put("valid", true).putArray("errors");
            answer.putArray("warnings").addAll(ConfigView.problems(snapshot.warnings()));
        } catch (ConfigException e) {
            answer.put("valid", false).putArray("errors").addAll(ConfigView.problems(e.problems()));
            answer.putArray("warnings");
        }
        JsonResponses.send(res, Status.OK_200, answer);
    }

    private void reload(ServerRequest req, ServerResponse res) {
        store.reload();
        JsonResponses.send(res, Status.OK_200, ConfigView.of(store, false));
    }

    private void presets(ServerRequest req, ServerResponse res) {
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        store.presets().forEach(answer::set);
        JsonResponses.send(res, Status.OK_200, answer);
    }

    private static Handler guarded(Handler handler) {
        return (req, res) -> {
            try {
                handler.handle(req, res);
            } catch (JsonResponses.BadRequest e) {
                JsonResponses.error(res, e);
            } catch (ConfigException e) {
                invalid(res, e.problems());
            } catch (FleetException e) {
                JsonResponses.error(res, Status.SERVICE_UNAVAILABLE_503, "config_store_unavailable", e.getMessage(),
                                    Optional.empty());
            } catch (ConfigConflictException e) {
                JsonResponses.error(res, Status.CONFLICT_409, "config_conflict", e.getMessage(), Optional.empty());
            }
        };
    }

    private static void invalid(ServerResponse res, List<ConfigException.Problem> problems) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putObject("error").put("message", "The configuration is not valid: " + problems.size()
                        + (problems.size() == 1 ? " problem." : " problems."))
                .put("type", "invalid_request_error").put("code", "invalid_config");
        body.putArray("problems").addAll(ConfigView.problems(problems));
        JsonResponses.send(res, Status.BAD_REQUEST_400, body);
    }
}

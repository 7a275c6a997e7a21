package dev.realtime.admin;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.realtime.auth.ApiKeyGuard;
import dev.realtime.auth.OriginPolicy;
import dev.realtime.auth.TokenLifetimeException;
import dev.realtime.config.ConfigException;
import dev.realtime.config.EngineConfig;
import dev.realtime.config.RuntimeStore;
import dev.realtime.auth.MintedToken;
import dev.realtime.auth.SessionDefaults;
import dev.realtime.auth.TokenService;
import dev.realtime.protocol.Dialect;
import dev.realtime.protocol.EventCodec;
import dev.realtime.protocol.ProtocolException;
import dev.realtime.protocol.SessionConfig;
import dev.realtime.protocol.SessionUpdate;
import dev.realtime.session.SessionFactory;

/**
 * Token minting: {@code POST /v1/realtime/client_secrets} (GA), {@code POST /v1/realtime/sessions} (beta) and the
 * Core-compatible {@code POST /vowel/api/generateToken}. All need {@code ENGINE_API_KEY} and answer browsers from
 * allowed origins ({@link CorsFilter}). A session configuration in the body is validated like a
 * {@code session.update} and becomes the session's defaults; a lifetime above the maximum is a 400 naming it.
 * Request threads.
 */
public final class TokenEndpoints implements HttpService {
    private static final String DEFAULT_APP = "default";

    private final TokenService tokens;
    private final ApiKeyFilter filter;
    private final CorsFilter cors;
    private final SessionFactory sessions;
    private final EngineConfig.Edge edge;
    private final RuntimeStore store;

    private TokenEndpoints(TokenService tokens, ApiKeyGuard guard, SessionFactory sessions, EngineConfig.Edge edge,
                           OriginPolicy origins, RuntimeStore store) {
        this.store = store;
        this.tokens = tokens;
        this.filter = new ApiKeyFilter(guard);
        this.cors = new CorsFilter(origins);
        this.sessions = sessions;
        this.edge = edge;
    }

    /**
     * The endpoints, to be registered at the server root.
     *
     * @param tokens   token service
     * @param guard    API key guard
     * @param sessions session factory (base session configuration)
     * @param edge     how the engine faces browsers and proxies (the {@code wsUrl} handed out)
     * @param origins  which web pages may mint tokens
     * @param store    the runtime configuration, for presets named in a token
     * @return service
     */
    public static TokenEndpoints create(TokenService tokens, ApiKeyGuard guard, SessionFactory sessions,
                                        EngineConfig.Edge edge, OriginPolicy origins, RuntimeStore store) {
        return new TokenEndpoints(tokens, guard, sessions, edge, origins, store);
    }

    /** A preset a token names must exist and apply now, or the session could not start. */
    private void checkPreset(String name) {
        try {
            store.withPreset(name);
        } catch (ConfigException e) {
            throw invalid("preset", e.problems().stream().map(Object::toString)
                    .reduce((a, b) -> a + "; " + b).orElse("invalid preset"));
        }
    }

    @Override
    public void routing(HttpRules rules) {
        // CORS first: a preflight carries no API key, and a refused origin learns nothing about the key
        rules.options("/v1/realtime/client_secrets", cors::preflight)
                .options("/v1/realtime/sessions", cors::preflight)
                .options("/vowel/api/generateToken", cors::preflight)
                .post("/v1/realtime/client_secrets", cors::filter, filter::filter, guarded(this::clientSecret))
                .post("/v1/realtime/sessions", cors::filter, filter::filter, guarded(this::betaSession))
                .post("/vowel/api/generateToken", cors::filter, filter::filter, guarded(this::generateToken));
    }

    private void clientSecret(ServerRequest req, ServerResponse res) {
        ObjectNode body = JsonResponses.body(req);
        only(body, Set.of("expires_after", "session", "preset"));
        Optional<String> preset = Optional.ofNullable(body.get("preset")).filter(p -> !p.isNull())
                .map(JsonNode::asText);
        preset.ifPresent(this::checkPreset);
        Optional<Duration> ttl = Optional.empty();
        if (body.hasNonNull("expires_after")) {
            JsonNode seconds = body.get("expires_after").get("seconds");
            if (seconds == null || !seconds.canConvertToInt() || seconds.intValue() < 10
                    || seconds.intValue() > 7200) {
                throw invalid("expires_after.seconds", "must be an integer from 10 to 7200");
            }
            ttl = Optional.of(lifetime("expires_after.seconds", seconds.intValue()));
        }
        Optional<JsonNode> session = Optional.ofNullable(body.get("session")).filter(s -> !s.isNull());
        SessionConfig config = validate(session, Dialect.GA, "session");
        MintedToken token = tokens.mint(DEFAULT_APP, ttl, session.or(() -> preset.map(p -> JsonNodeFactory.instance
                .objectNode())).map(s -> new SessionDefaults(Dialect.GA, s, preset)));
        ObjectNode answer = JsonNodeFactory.instance.objectNode()
                .put("value", token.value())
                .put("expires_at", token.expiresAt().getEpochSecond());
        answer.set("session", EventCodec.create(Dialect.GA).sessionObject(config));
        JsonResponses.send(res, Status.OK_200, answer);
    }

    private void betaSession(ServerRequest req, ServerResponse res) {
        ObjectNode body = JsonResponses.body(req);
        Optional<JsonNode> session = body.isEmpty() ? Optional.empty() : Optional.of(body);
        SessionConfig config = validate(session, Dialect.BETA, "");
        MintedToken token = tokens.mint(DEFAULT_APP, Optional.empty(),
                                        session.map(s -> new SessionDefaults(Dialect.BETA, s)));
        ObjectNode answer = EventCodec.create(Dialect.BETA).sessionObject(config);
        answer.putObject("client_secret")
                .put("value", token.value())
                .put("expires_at", token.expiresAt().getEpochSecond());
        JsonResponses.send(res, Status.OK_200, answer);
    }

    private void generateToken(ServerRequest req, ServerResponse res) {
        ObjectNode body = JsonResponses.body(req);
        only(body, Set.of("appId", "provider", "config", "ttlSeconds"));
        JsonNode appId = body.get("appId");
        if (appId == null || !appId.isTextual() || appId.textValue().isBlank()) {
            throw invalid("appId", "is required and must be a non-empty string");
        }
        if (body.hasNonNull("provider") && !body.get("provider").isTextual()) {
            throw invalid("provider", "must be a string");
        }
        Optional<Duration> ttl = Optional.empty();
        if (body.hasNonNull("ttlSeconds")) {
            JsonNode seconds = body.get("ttlSeconds");
            if (!seconds.canConvertToInt() || seconds.intValue() < 1) {
                throw invalid("ttlSeconds", "must be a positive integer");
            }
            ttl = Optional.of(lifetime("ttlSeconds", seconds.intValue()));
        }
        Optional<JsonNode> session = Optional.ofNullable(body.get("config")).filter(s -> !s.isNull());
        validate(session, Dialect.GA, "config");
        MintedToken token = tokens.mint(appId.textValue(), ttl,
                                        session.map(s -> new SessionDefaults(Dialect.GA, s)));
        ObjectNode answer = JsonNodeFactory.instance.objectNode()
                .put("token", token.value())
                .put("expiresAt", token.expiresAt().toString())
                .put("wsUrl", wsUrl(req));
        JsonResponses.send(res, Status.OK_200, answer);
    }

    private SessionConfig validate(Optional<JsonNode> session, Dialect dialect, String prefix) {
        SessionConfig base = sessions.baseConfig(false, dialect);
        if (session.isEmpty()) {
            return base;
        }
        try {
            return SessionUpdate.apply(base, session.get(), dialect, false);
        } catch (ProtocolException e) {
            Optional<String> param = e.error().param().map(p -> rename(p, prefix));
            throw new JsonResponses.BadRequest(Status.BAD_REQUEST_400, e.error().code().orElse("invalid_value"),
                                               e.getMessage(), param);
        }
    }

    /** A requested lifetime, refused with 400 when it is longer than the engine allows (never cut silently). */
    private Duration lifetime(String param, int seconds) {
        Duration ttl = Duration.ofSeconds(seconds);
        try {
            tokens.checkLifetime(ttl);
        } catch (TokenLifetimeException e) {
            throw invalid(param, "must be at most " + e.maximum().toSeconds()
                    + " seconds, the engine's longest token lifetime (TOKEN_MAX_TTL_SECONDS)");
        }
        return ttl;
    }

    private String wsUrl(ServerRequest req) {
        String host = req.localPeer().host();
        String local = (host.contains(":") ? "[" + host + "]" : host) + ":" + req.localPeer().port();
        return PublicWsUrl.of(edge, req.headers(), local);
    }

    private static String rename(String param, String prefix) {
        String rest = param.startsWith("session") ? param.substring("session".length()) : param;
        String renamed = prefix + rest;
        return renamed.startsWith(".") ? renamed.substring(1) : renamed;
    }

    private static void only(ObjectNode body, Set<String> allowed) {
        for (Map.Entry<String, JsonNode> e : body.properties()) {
            if (!allowed.contains(e.getKey())) {
                throw new JsonResponses.BadRequest(Status.BAD_REQUEST_400, "unknown_parameter",
                                                   "Unknown parameter: '" + e.getKey() + "'.",
                                                   Optional.of(e.getKey()));
            }
        }
    }

    private static JsonResponses.BadRequest invalid(String param, String message) {
        return new JsonResponses.BadRequest(Status.BAD_REQUEST_400, "invalid_value",
                                            "Invalid value for '" + param + "': " + message + ".",
                                            Optional.of(param));
    }

    private static Handler guarded(Handler handler) {
        return (req, res) -> {
            try {
                handler.handle(req, res);
            } catch (JsonResponses.BadRequest e) {
                JsonResponses.error(res, e);
            }
        };
    }
}

package dev.realtime;

import java.time.Clock;
import java.time.Duration;
import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.concurrent.CompletionException;

import io.helidon.logging.common.LogConfig;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsRouting;

import dev.realtime.admin.ConfigService;
import dev.realtime.admin.FleetService;
import dev.realtime.observe.LogFormat;
import dev.realtime.admin.HealthService;
import dev.realtime.admin.PlaygroundService;
import dev.realtime.admin.TokenEndpoints;
import dev.realtime.auth.OriginPolicy;
import dev.realtime.config.ConfigException;
import dev.realtime.fleet.FleetException;
import dev.realtime.config.EngineConfig;
import dev.realtime.config.EnvConfig;
import dev.realtime.telephony.sip.SipAgentException;
import dev.realtime.telephony.sip.SipServer;
import dev.realtime.telephony.twilio.TwilioRoutes;

/**
 * Composition root: reads the configuration, wires the engine and starts the server; {@code token} prints a fresh
 * {@code ek_} token instead.
 */
public final class Main {
    private static final System.Logger LOGGER = System.getLogger(Main.class.getName());

    private Main() {
    }

    /**
     * Starts the engine, or with {@code token [--ttl SECONDS]} prints a token and exits, or with {@code warm-up}
     * runs real sessions against an engine with providers of its own on 127.0.0.1 and exits (the training run of
     * the AOT cache: bin/engine, Dockerfile; {@link WarmUp}).
     *
     * @param args command line
     */
    public static void main(String[] args) {
        LogConfig.configureRuntime();
        Engine engine;
        try {
            if (args.length > 0 && "token".equals(args[0])) {
                System.exit(TokenCommand.run(EnvConfig.load(System.getenv()), args, System.out, System.err));
                return;
            }
            LogFormat.install(EnvConfig.load(System.getenv()).process().logFormat());
            if (args.length > 0 && "warm-up".equals(args[0])) {
                System.exit(WarmUp.run(System.getenv()));
                return;
            }
            engine = Engine.create(System.getenv(), Clock.systemUTC());
        } catch (ConfigException e) {
            System.err.println("configuration error:\n  " + String.join("\n  ", e.problems().stream()
                    .map(Object::toString).toList()));
            System.exit(2);
            return;
        } catch (FleetException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        EngineConfig config = engine.config();
        WebServer server = WebServer.builder()
                .update(b -> setup(b, engine))
                .shutdownHook(false) // ours drains the sessions first
                .build()
                .start();
        try {
            engine.services();
        } catch (CompletionException e) {
            System.err.println("cannot load the speech providers: " + e.getCause());
            server.stop();
            System.exit(2);
            return;
        }
        Optional<SipServer> sip;
        try {
            sip = config.sip().map(settings -> SipServer.start(settings, engine.phones()));
        } catch (SipAgentException e) {
            System.err.println(e.getMessage());
            server.stop();
            System.exit(2);
            return;
        }
        Duration drain = config.process().drainTimeout();
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("engine-shutdown").unstarted(
                () -> shutdown(engine, server, sip, drain)));
        LOGGER.log(Level.INFO, () -> "realtime engine listening on ws://" + config.host() + ":" + server.port()
                + "/v1/realtime (LLM: " + engine.services().config().llm().provider() + ")");
        engine.store().current().warnings().forEach(w -> LOGGER.log(Level.WARNING, "configuration: " + w));
        if (config.engineApiKey().isEmpty()) {
            LOGGER.log(Level.WARNING, "ENGINE_API_KEY is not set: token minting and admin endpoints answer 401. "
                               + "Set ENGINE_API_KEY to enable them.");
        }
        OriginPolicy.exposureWarning(config.host(), config.edge().allowedOrigins())
                .ifPresent(w -> LOGGER.log(Level.WARNING, w));
    }

    /**
     * SIGTERM: refuse new sessions, let open ones finish within the drain window, close the rest with 1001 (a SIP
     * call gets its BYE), then stop the listeners. Runs on the shutdown thread, where java.util.logging may already
     * be reset by its own hook, so it writes to stderr.
     */
    private static void shutdown(Engine engine, WebServer server, Optional<SipServer> sip, Duration drain) {
        System.err.println("shutting down: draining " + engine.sessions().openSessions() + " sessions for up to "
                                   + drain.toMillis() + " ms");
        try {
            int closed = engine.sessions().drain(drain);
            System.err.println("drained; " + closed + " sessions closed with 1001");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sip.ifPresent(SipServer::close);
        server.stop();
        engine.close();
    }

    /**
     * Configures a server for an engine: listener, WebSocket limits, routes. Used by {@link #main} and by tests.
     *
     * @param server server builder
     * @param engine the engine
     */
    public static void setup(WebServerConfig.Builder server, Engine engine) {
        EngineConfig config = engine.config();
        int maxMessage = config.session().maxMessageBytes();
        WsRouting.Builder sockets = WsRouting.builder().endpoint("/v1/realtime", engine.sessions().listeners());
        server.host(config.host())
                .port(config.port())
                // small event frames must leave at once; Nagle would hold them for the peer's delayed ACK
                .connectionOptions(o -> o.tcpNoDelay(true))
                .idleConnectionTimeout(config.idleConnectionTimeout())
                // a refused upgrade (503 full, 401, 403) carries its reason as the body, not only in the log
                .errorHandling(e -> e.includeEntity(true))
                // the largest request body is a config PUT, and the runtime file it lands in holds 3 MiB at most
                .maxPayloadSize(ConfigService.MAX_BODY_BYTES)
                .idleConnectionPeriod(Duration.ofMillis(Math.max(100, config.idleConnectionTimeout().toMillis() / 2)))
                .addProtocol(WsConfig.builder().maxFrameLength(maxMessage).build())
                // Prometheus text at /metrics (an endpoint starting with "/" is absolute, not under /observe)
                .addFeature(ObserveFeature.builder().endpoint("/observe")
                                    .addObserver(MetricsObserver.builder().endpoint("/metrics").build()).build())
                .routing(r -> r.register("/health", HealthService.create(Clock.systemUTC(), engine::components,
                                                                         engine::warnings, engine.store()::degraded,
                                                                         engine.sessions()::notReady))
                        .register(TokenEndpoints.create(engine.tokens(), engine.apiKey(), engine.sessions(),
                                                        config.edge(), engine.origins(), engine.store()))
                        .register(ConfigService.create(engine.store(), engine.apiKey()))
                        .register(FleetService.create(engine.fleet()::replicas, engine.apiKey()))
                        .register("/playground", PlaygroundService.create(config.edge().playground()))
                        .update(http -> TwilioRoutes.register(http, sockets, engine)))
                .addRouting(sockets);
    }
}

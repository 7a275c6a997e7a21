package dev.realtime.session;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.websocket.WsRouting;

import dev.realtime.auth.ApiKeyGuard;
import dev.realtime.auth.Authenticator;
import dev.realtime.auth.OriginPolicy;
import dev.realtime.auth.TokenService;
import dev.realtime.config.EngineConfig;
import dev.realtime.config.EnvConfig;
import dev.realtime.llm.OfflineResponder;
import dev.realtime.stt.SttEngine;
import dev.realtime.tools.ServerTools;
import dev.realtime.vad.Vads;

/**
 * The realtime endpoint alone on {@code 127.0.0.1}, serving sessions with a speech-to-text engine the test supplies
 * (the rest from an environment map: Silero VAD, the offline responder, no speech out). Clients connect with
 * {@link #API_KEY} as their bearer. Closed after the test.
 */
final class SessionServer implements AutoCloseable {
    static final String API_KEY = "session-server-key";

    private final WebServer server;
    private final ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1);

    private SessionServer(Map<String, String> env, SttEngine stt) {
        Map<String, String> all = new HashMap<>(env);
        all.put("ENGINE_API_KEY", API_KEY);
        all.put("TTS_PROVIDER", "none");
        EngineConfig config = EnvConfig.load(all);
        Clock clock = Clock.systemUTC();
        SessionServices services = new SessionServices(config, OfflineResponder.create(clock),
                                                       Vads.load(Optional.of(config.stt().sileroModel())),
                                                       Optional.of(stt), Optional.empty(), timers, clock,
                                                       ServerTools.none(), (tool, arguments) -> {
            throw new IllegalStateException("no server tools here");
        });
        TokenService tokens = TokenService.create("0123456789abcdef0123456789abcdef", Duration.ofMinutes(5),
                                                  Duration.ofMinutes(10), clock);
        SessionFactory sessions = SessionFactory.create(
                Authenticator.create(tokens, ApiKeyGuard.create(Optional.of(API_KEY)), OriginPolicy.create(List.of()),
                                     Optional.empty()), preset -> services);
        server = WebServer.builder().host("127.0.0.1").port(0)
                .addRouting(WsRouting.builder().endpoint("/v1/realtime", sessions.listeners()))
                .build().start();
    }

    /**
     * @param env environment variables the configuration is read from (a stage's provider name, turn defaults)
     * @param stt the speech-to-text engine every session uses
     * @return the running server
     */
    static SessionServer start(Map<String, String> env, SttEngine stt) {
        return new SessionServer(env, stt);
    }

    URI wsUri() {
        return URI.create("ws://127.0.0.1:" + server.port() + "/v1/realtime");
    }

    @Override
    public void close() {
        server.stop();
        timers.shutdownNow();
    }
}

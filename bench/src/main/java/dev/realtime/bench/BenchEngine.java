package dev.realtime.bench;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.websocket.WsRouting;

import dev.realtime.auth.ApiKeyGuard;
import dev.realtime.auth.Authenticator;
import dev.realtime.auth.OriginPolicy;
import dev.realtime.auth.TokenService;
import dev.realtime.config.EngineConfig;
import dev.realtime.config.EnvConfig;
import dev.realtime.session.SessionFactory;
import dev.realtime.session.SessionServices;
import dev.realtime.tools.ServerTools;
import dev.realtime.tools.ToolResult;
import dev.realtime.vad.SileroVad;
import dev.realtime.vad.Vad;
import dev.realtime.vad.Vads;

/**
 * The engine's realtime endpoint with zero-delay in-process providers and the real Silero VAD, on 127.0.0.1; the
 * bearer {@code bench} is accepted. {@code main} runs it as its own process for {@link LoadGen}, printing
 * {@code ready PORT PID}, until killed.
 *
 * @param server the web server
 * @param timers the engine's timer thread
 */
record BenchEngine(WebServer server, ScheduledExecutorService timers) implements AutoCloseable {
    private static final String SECRET = "bench-secret-bench-secret-bench-secret";
    private static final Vad VAD = Vads.load(Optional.empty());

    static BenchEngine start(int port) {
        EngineConfig config = EnvConfig.load(Map.of("HOST", "127.0.0.1", "PORT", String.valueOf(port),
                                                    "ENGINE_API_KEY", "bench", "JWT_SECRET", SECRET));
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
        TokenService tokens = TokenService.create(SECRET, config.tokens().ttl(), config.tokens().maxTtl(),
                                                  Clock.systemUTC());
        SessionServices services = new SessionServices(config, ZeroDelayProviders.chat(), VAD,
                                                       Optional.of(ZeroDelayProviders.stt()),
                                                       Optional.of(ZeroDelayProviders.tts()), timers,
                                                       Clock.systemUTC(), ServerTools.none(),
                                                       (tool, arguments) -> new ToolResult(false, "{}"));
        SessionFactory sessions = SessionFactory.create(
                Authenticator.create(tokens, ApiKeyGuard.create(Optional.of("bench")),
                                     OriginPolicy.create(List.of()), Optional.empty()), preset -> services);
        WebServer server = WebServer.builder().host("127.0.0.1").port(port).connectionOptions(o -> o.tcpNoDelay(true))
                .addRouting(WsRouting.builder().endpoint("/v1/realtime", sessions.listeners())).build().start();
        return new BenchEngine(server, timers);
    }

    public static void main(String[] args) throws Exception {
        BenchEngine engine = start(args.length > 0 ? Integer.parseInt(args[0]) : 0);
        System.out.println("ready " + engine.server().port() + " " + ProcessHandle.current().pid());
        // the Silero batching at work: frames the model scored and the runs it took (mean batch size)
        SileroVad.ModelCounts last = new SileroVad.ModelCounts(0, 0);
        while (true) {
            Thread.sleep(5_000);
            SileroVad.ModelCounts now = VAD instanceof SileroVad silero ? silero.modelCounts() : last;
            if (now.runs() > last.runs()) {
                System.out.printf("silero: %d frames in %d runs (mean batch %.1f) in the last 5 s%n",
                                  now.frames() - last.frames(), now.runs() - last.runs(),
                                  (now.frames() - last.frames()) / (double) (now.runs() - last.runs()));
            }
            last = now;
        }
    }

    @Override
    public void close() {
        server.stop();
        timers.shutdownNow();
    }
}

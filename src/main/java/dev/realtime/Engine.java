package dev.realtime;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.realtime.auth.ApiKeyGuard;
import dev.realtime.auth.Authenticator;
import dev.realtime.auth.MemoryTokenLedger;
import dev.realtime.auth.OriginPolicy;
import dev.realtime.auth.TokenLedger;
import dev.realtime.auth.TokenService;
import dev.realtime.config.ConfigException;
import dev.realtime.config.EngineConfig;
import dev.realtime.config.EnvConfig;
import dev.realtime.config.RuntimeStore;
import dev.realtime.config.SecretStore;
import dev.realtime.fleet.ConfigFollower;
import dev.realtime.fleet.Fleet;
import dev.realtime.fleet.FleetException;
import dev.realtime.fleet.RedisConfigLayer;
import dev.realtime.fleet.RedisLink;
import dev.realtime.fleet.RedisTokenLedger;
import dev.realtime.observe.EngineMetrics;
import dev.realtime.upstream.UpstreamFailure;
import dev.realtime.session.SessionFactory;
import dev.realtime.telephony.Phones;
import dev.realtime.session.SessionServices;
import dev.realtime.stt.SttEngine;
import dev.realtime.tools.HttpToolRunner;
import dev.realtime.tools.ToolRunner;
import dev.realtime.tts.TtsEngine;
import dev.realtime.vad.Vads;

/**
 * The engine's parts, wired from the layered configuration. What sessions share is rebuilt when the configuration
 * changes; sessions already open keep what they started with. Built on the main thread (or a test's).
 */
public final class Engine implements AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger(Engine.class.getName());

    private final EngineConfig config;
    private final RuntimeStore store;
    private final TokenService tokens;
    private final ApiKeyGuard apiKey;
    private final OriginPolicy origins;
    private final ScheduledExecutorService timers;
    private final AtomicReference<SessionServices> services = new AtomicReference<>();
    private final CompletableFuture<Void> loaded = new CompletableFuture<>();
    private final SessionFactory sessions;
    private final Phones phones;
    private final Optional<RedisLink> redis;
    private final Optional<ConfigFollower> configFollower;
    private final Fleet fleet;

    private Engine(RuntimeStore store, Clock clock, Map<String, String> env) {
        this.store = store;
        // before the threads start, so a Redis that cannot be reached stops the start with nothing left running
        this.redis = store.current().config().redis().url()
                .map(url -> RedisLink.connect(url, store.current().config().redis().shown().orElseThrow()));
        // with Redis the runtime layer is the fleet's: start on it, before anything is built from the configuration
        redis.ifPresent(link -> share(store, link));
        this.config = store.current().config();
        this.tokens = TokenService.create(SecretStore.jwtSecret(config), config.tokens().ttl(),
                                          config.tokens().maxTtl(),
                                          clock);
        this.apiKey = ApiKeyGuard.create(config.engineApiKey());
        EngineMetrics.register();
        ScheduledThreadPoolExecutor timerPool = new ScheduledThreadPoolExecutor(
                1, Thread.ofPlatform().daemon().name("engine-timers").factory());
        // every session keeps a limit tick scheduled minutes ahead; a closed session's must not stay queued
        timerPool.setRemoveOnCancelPolicy(true);
        this.timers = timerPool;
        ToolRunner runner = lazyToolRunner(env);
        // the providers load while the caller builds and starts the web server; services() waits for them
        Thread.ofPlatform().name("engine-load").start(() -> {
            try {
                services.set(countable(Providers.build(store.current(), Optional.empty(), timers, clock, runner)));
                loaded.complete(null);
            } catch (RuntimeException | Error e) {
                loaded.completeExceptionally(e);
            }
        });
        // a change is built before it is written or applied: one that cannot be built changes nothing
        store.activation(snapshot -> {
            SessionServices built = Providers.build(snapshot, Optional.of(services()), timers, clock, runner);
            return () -> services.set(countable(built));
        });
        this.configFollower = redis.map(link -> ConfigFollower.start(link, store));
        this.origins = OriginPolicy.create(config.edge().allowedOrigins());
        Optional<TokenLedger> singleUse = !config.tokens().singleUse() ? Optional.empty()
                : Optional.of(redis.<TokenLedger>map(link -> RedisTokenLedger.create(link, clock))
                                      .orElseGet(() -> MemoryTokenLedger.create(clock)));
        this.fleet = Fleet.create(redis, config.fleet(), clock);
        this.sessions = SessionFactory.create(Authenticator.create(tokens, apiKey, origins, singleUse), preset -> preset
                .map(name -> Providers.build(store.withPreset(name), Optional.of(services()), timers, clock, runner))
                .orElseGet(this::services), fleet.leases());
        fleet.start(timers, sessions::openSessions, store::version);
        this.phones = new Phones(sessions, config.phone(), () -> services().config().session().maxCallDuration(),
                                 timers);
        long poll = config.process().configPollInterval().toMillis();
        timers.scheduleWithFixedDelay(this::poll, poll, poll, TimeUnit.MILLISECONDS);
    }

    /**
     * Wires the engine.
     *
     * @param env   environment variables (the lowest configuration layer)
     * @param clock clock for tokens and session expiry
     * @return the engine
     * @throws ConfigException when the environment or the runtime file is invalid, or the configuration shared in
     *                         Redis is not usable with this environment
     * @throws FleetException  when {@code REDIS_URL} is set and that Redis cannot be reached
     */
    public static Engine create(Map<String, String> env, Clock clock) {
        EngineConfig base = EnvConfig.load(env);
        RuntimeStore store = RuntimeStore.open(env, runtimeFile(base), base.process().presetsFile());
        return new Engine(store, clock, env);
    }

    /** Puts the store's runtime layer in Redis; a layer this replica cannot use stops the start, link closed. */
    private static void share(RuntimeStore store, RedisLink link) {
        try {
            store.share(RedisConfigLayer.create(link));
        } catch (RuntimeException e) {
            link.close();
            throw e;
        }
    }

    /**
     * The server-tool runner, made on the first tool call: its HTTP client sets up TLS (about 0.3 s of startup),
     * and most engines never call a server tool. Any thread.
     */
    private static ToolRunner lazyToolRunner(Map<String, String> env) {
        AtomicReference<ToolRunner> made = new AtomicReference<>();
        return (tool, arguments) -> made.updateAndGet(
                r -> r != null ? r : HttpToolRunner.create(Providers.toolClient(), env)).run(tool, arguments);
    }

    /** Makes the failure series of the providers in use show at zero before their first failure. */
    private static SessionServices countable(SessionServices s) {
        var config = s.config();
        if (!config.llm().offline()) {
            UpstreamFailure.registerSeries(config.llm().provider(), UpstreamFailure.CHAT);
        }
        s.stt().ifPresent(e -> UpstreamFailure.registerSeries(config.stt().provider(), UpstreamFailure.TRANSCRIBE));
        s.tts().ifPresent(e -> UpstreamFailure.registerSeries(config.tts().provider(), UpstreamFailure.SPEAK));
        s.serverTools().names().forEach(tool -> UpstreamFailure.registerSeries(tool, UpstreamFailure.TOOL_CALL));
        return s;
    }

    /** The runtime YAML file under the data folder. */
    public static Path runtimeFile(EngineConfig config) {
        return config.dataDir().resolve("config").resolve("runtime.yaml");
    }

    /** The configuration the engine started with (listener, identity, token lifetimes). */
    public EngineConfig config() {
        return config;
    }

    /** The layered runtime configuration. */
    public RuntimeStore store() {
        return store;
    }

    /**
     * What sessions starting now share; the first call waits until the providers have loaded. Any thread.
     *
     * @throws java.util.concurrent.CompletionException when loading them failed
     */
    public SessionServices services() {
        loaded.join();
        return services.get();
    }

    public TokenService tokens() {
        return tokens;
    }

    public ApiKeyGuard apiKey() {
        return apiKey;
    }

    /** Which web pages may open sessions and mint tokens ({@code ALLOWED_ORIGINS}). */
    public OriginPolicy origins() {
        return origins;
    }

    public SessionFactory sessions() {
        return sessions;
    }

    /** This replica's leases under the fleet's limits, its heartbeat, and the replicas seen ({@code /fleet}). */
    public Fleet fleet() {
        return fleet;
    }

    /** Where phone calls (Twilio Media Streams, SIP) get their sessions. */
    public Phones phones() {
        return phones;
    }

    /** Which engine serves each stage, for {@code /health}. */
    public Map<String, String> components() {
        SessionServices s = services();
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("llm", s.model().name());
        parts.put("vad", s.vad().name());
        parts.put("stt", s.stt().map(SttEngine::name).orElse("unavailable"));
        parts.put("tts", s.tts().map(TtsEngine::name).orElse("unavailable"));
        return parts;
    }

    /** Degraded parts an operator should know about, for {@code /health}. */
    public List<String> warnings() {
        SessionServices s = services();
        List<String> warnings = new ArrayList<>();
        if (!Vads.modelBased(s.vad())) {
            warnings.add("Silero VAD model missing at " + s.config().stt().sileroModel()
                                 + ": energy VAD in use (run bin/fetch-silero)");
        }
        if (s.tts().isEmpty()) {
            warnings.add("no text-to-speech engine: audio responses carry transcripts only");
        }
        if (s.stt().isEmpty()) {
            warnings.add("no speech-to-text engine: voice turns are detected but not transcribed");
        }
        store.current().warnings().forEach(w -> warnings.add(w.toString()));
        Map<String, ?> presets = store.presets();
        // a route's preset can be removed at runtime; its calls would then fail when they arrive
        s.config().phone().routes().forEach((number, preset) -> {
            if (!presets.containsKey(preset)) {
                warnings.add("PHONE_ROUTES sends calls to " + number + " to preset " + preset
                                     + ", which does not exist: those calls fail");
            }
        });
        return warnings;
    }

    private void poll() {
        try {
            store.poll();
        } catch (RuntimeException e) {
            LOGGER.log(System.Logger.Level.WARNING, "config poll failed: " + e);
        }
    }

    @Override
    public void close() {
        timers.shutdownNow();
        configFollower.ifPresent(ConfigFollower::close);
        fleet.close();
        redis.ifPresent(RedisLink::close);
    }
}

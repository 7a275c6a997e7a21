package dev.realtime;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import dev.realtime.auth.ApiKeyGuard;
import dev.realtime.auth.Authenticator;
import dev.realtime.auth.TokenService;
import dev.realtime.config.EngineConfig;
import dev.realtime.config.LlmConfig;
import dev.realtime.config.SecretStore;
import dev.realtime.llm.ChatModel;
import dev.realtime.llm.LlmSettings;
import dev.realtime.llm.OfflineResponder;
import dev.realtime.llm.OpenAiCompatibleChatModel;
import dev.realtime.session.SessionFactory;
import dev.realtime.tools.HttpToolRunner;
import dev.realtime.tools.ServerTools;
import dev.realtime.stt.SttEngine;
import dev.realtime.tts.TtsEngine;
import dev.realtime.vad.Vad;
import dev.realtime.vad.Vads;
import dev.realtime.session.SessionServices;

/**
 * The engine's parts, wired once from a configuration snapshot. Built on the main thread (or a test's).
 *
 * @param config   configuration
 * @param tokens   token service
 * @param apiKey   engine API key guard
 * @param model    the language model
 * @param vad      the voice activity detector
 * @param stt      the speech-to-text engine, when one is available
 * @param tts      the text-to-speech engine, when one is available
 * @param sessions session factory
 * @param timers   shared timer thread
 */
public record Engine(EngineConfig config,
                     TokenService tokens,
                     ApiKeyGuard apiKey,
                     ChatModel model,
                     Vad vad,
                     Optional<SttEngine> stt,
                     Optional<TtsEngine> tts,
                     SessionFactory sessions,
                     ScheduledExecutorService timers) implements AutoCloseable {

    /**
     * Wires the engine.
     *
     * @param config configuration
     * @param clock  clock for tokens and session expiry
     * @return the engine
     */
    public static Engine create(EngineConfig config, Clock clock) {
        return create(config, clock, ServerTools.none(), Map.of());
    }

    /**
     * Wires the engine with server tools.
     *
     * @param config      configuration
     * @param clock       clock for tokens and session expiry
     * @param serverTools the engine's own tools
     * @param env         environment variables, for the secrets of server tool headers
     * @return the engine
     */
    public static Engine create(EngineConfig config, Clock clock, ServerTools serverTools, Map<String, String> env) {
        TokenService tokens = TokenService.create(SecretStore.jwtSecret(config), config.tokenTtl(),
                                                  config.tokenMaxTtl(), clock);
        ApiKeyGuard apiKey = ApiKeyGuard.create(config.engineApiKey());
        ChatModel model = model(config.llm(), clock);
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("engine-timers").factory());
        Vad vad = Vads.load(Optional.of(config.stt().sileroModel()));
        Optional<SttEngine> stt = SpeechToText.create(config.stt());
        Optional<TtsEngine> tts = TextToSpeech.create(config.tts());
        SessionFactory sessions = SessionFactory.create(Authenticator.create(tokens, apiKey),
                                                        new SessionServices(config, model, vad, stt, tts, timers,
                                                                            clock, serverTools,
                                                                            HttpToolRunner.create(toolClient(), env)));
        return new Engine(config, tokens, apiKey, model, vad, stt, tts, sessions, timers);
    }

    /** Builds the chat model the configuration names. */
    static ChatModel model(LlmConfig llm, Clock clock) {
        if (llm.offline()) {
            return OfflineResponder.create(clock);
        }
        LlmSettings settings = LlmSettings.of(llm.provider(), llm.baseUrl(), llm.apiKey(), llm.model())
                .withTimeouts(Duration.ofSeconds(5), llm.firstByteTimeout(), llm.idleTimeout())
                .withRetries(llm.maxRetries(), llm.maxRetryWait())
                .withMaxTokensField(llm.maxTokensField());
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
        return OpenAiCompatibleChatModel.create(settings, client);
    }

    private static HttpClient toolClient() {
        return HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    /** Which engine serves each stage, for {@code /health}. */
    public Map<String, String> components() {
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("llm", model.name());
        parts.put("vad", vad.name());
        parts.put("stt", stt.map(SttEngine::name).orElse("unavailable"));
        parts.put("tts", tts.map(TtsEngine::name).orElse("unavailable"));
        return parts;
    }

    /** Degraded parts an operator should know about, for {@code /health}. */
    public List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        if (!Vads.modelBased(vad)) {
            warnings.add("Silero VAD model missing at " + config.stt().sileroModel()
                                 + ": energy VAD in use (run bin/fetch-silero)");
        }
        if (tts.isEmpty()) {
            warnings.add("no text-to-speech engine: audio responses carry transcripts only");
        }
        if (stt.isEmpty()) {
            warnings.add("no speech-to-text engine: voice turns are detected but not transcribed");
        }
        return warnings;
    }

    @Override
    public void close() {
        timers.shutdownNow();
    }
}

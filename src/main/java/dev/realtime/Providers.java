package dev.realtime;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;

import dev.realtime.config.LlmConfig;
import dev.realtime.config.RuntimeSnapshot;
import dev.realtime.llm.ChatModel;
import dev.realtime.llm.LlmSettings;
import dev.realtime.llm.OfflineResponder;
import dev.realtime.llm.OpenAiCompatibleChatModel;
import dev.realtime.session.SessionServices;
import dev.realtime.stt.SttEngine;
import dev.realtime.tools.ToolRunner;
import dev.realtime.tts.TtsEngine;
import dev.realtime.upstream.UpstreamHttp;
import dev.realtime.vad.Vad;
import dev.realtime.vad.Vads;

/**
 * Builds what sessions share from a configuration snapshot, reusing the previous snapshot's providers wherever
 * their section did not change (the Silero model and the pocketsphinx pool are expensive; an LLM client is not,
 * but an unchanged one keeps its connections). Called under the config store's lock or at startup.
 */
final class Providers {
    private Providers() {
    }

    static SessionServices build(RuntimeSnapshot snapshot, Optional<SessionServices> previous,
                                 ScheduledExecutorService timers, Clock clock, ToolRunner runner) {
        var config = snapshot.config();
        var before = previous.map(SessionServices::config);
        // the expensive parts load side by side (Silero and the native speech libraries take a few hundred ms each)
        try (ExecutorService loaders = Executors.newThreadPerTaskExecutor(
                Thread.ofPlatform().daemon().name("provider-load-", 1).factory())) {
            Future<Vad> vad = loaders.submit(() -> previous
                    .filter(p -> before.get().stt().sileroModel().equals(config.stt().sileroModel()))
                    .map(SessionServices::vad).orElseGet(() -> Vads.load(Optional.of(config.stt().sileroModel()))));
            Future<Optional<SttEngine>> stt = loaders.submit(() -> previous
                    .filter(p -> before.get().stt().equals(config.stt()))
                    .map(SessionServices::stt).orElseGet(() -> SpeechToText.create(config.stt())));
            Future<Optional<TtsEngine>> tts = loaders.submit(() -> previous
                    .filter(p -> before.get().tts().equals(config.tts()))
                    .map(SessionServices::tts).orElseGet(() -> TextToSpeech.create(config.tts())));
            ChatModel model = previous.filter(p -> before.get().llm().equals(config.llm()))
                    .map(SessionServices::model).orElseGet(() -> model(config.llm(), clock));
            return new SessionServices(config, model, join(vad), join(stt), join(tts), timers, clock,
                                       snapshot.tools(), runner);
        }
    }

    private static <T> T join(Future<T> part) {
        try {
            return part.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading providers", e);
        }
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
        return OpenAiCompatibleChatModel.create(settings, UpstreamHttp.client("llm", settings.connectTimeout()));
    }

    /**
     * The client for server tools. It follows no redirects ({@link UpstreamHttp}): a tool's secret in a custom
     * header must not reach whoever the tool redirects to; a 3xx reaches the model as an error instead.
     */
    static HttpClient toolClient() {
        return UpstreamHttp.client("tools", Duration.ofSeconds(5));
    }
}

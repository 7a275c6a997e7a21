package dev.realtime.tts.openai;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import dev.realtime.upstream.Endpoints;

/**
 * How to reach an OpenAI-compatible {@code /audio/speech} endpoint (OpenAI, speaches, Kokoro-FastAPI, LocalAI:
 * the base URL decides). Immutable.
 *
 * @param baseUrl      base URL before {@code /audio/speech}, e.g. {@code https://api.openai.com/v1} or
 *                     {@code http://localhost:8880/v1}
 * @param apiKey       bearer key, if the endpoint needs one
 * @param model        model id, e.g. {@code gpt-4o-mini-tts}, {@code tts-1}, {@code kokoro}
 * @param defaultVoice voice used when the session's voice is empty or not one the endpoint is known to take
 * @param timeout      bound on waiting for the response headers, and on each silence of the response body
 */
public record OpenAiTtsSettings(URI baseUrl, Optional<String> apiKey, String model, String defaultVoice,
                                Duration timeout) {

    /** OpenAI's public endpoint. */
    public static final URI OPENAI_BASE_URL = URI.create("https://api.openai.com/v1");

    public OpenAiTtsSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(defaultVoice, "defaultVoice");
        if (model.isBlank() || defaultVoice.isBlank()) {
            throw new IllegalArgumentException("Speech model and default voice must not be blank");
        }
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
    }

    /**
     * Defaults: model {@code gpt-4o-mini-tts}, voice {@code alloy}, timeout 30 s.
     *
     * @param baseUrl base URL
     * @param apiKey  bearer key
     * @return the settings
     */
    public static OpenAiTtsSettings of(URI baseUrl, Optional<String> apiKey) {
        return new OpenAiTtsSettings(baseUrl, apiKey, "gpt-4o-mini-tts", "alloy", Duration.ofSeconds(30));
    }

    /**
     * @param newModel        model id
     * @param newDefaultVoice default voice
     * @return a copy using them
     */
    public OpenAiTtsSettings withModel(String newModel, String newDefaultVoice) {
        return new OpenAiTtsSettings(baseUrl, apiKey, newModel, newDefaultVoice, timeout);
    }

    /**
     * @param newTimeout header and body-silence timeout
     * @return a copy using it
     */
    public OpenAiTtsSettings withTimeout(Duration newTimeout) {
        return new OpenAiTtsSettings(baseUrl, apiKey, model, defaultVoice, newTimeout);
    }

    /** @return {@code {baseUrl}/audio/speech}, keeping a query string of the base URL */
    URI endpoint() {
        return Endpoints.http(baseUrl, "/audio/speech");
    }
}

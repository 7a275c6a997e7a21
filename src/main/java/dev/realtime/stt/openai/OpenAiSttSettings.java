package dev.realtime.stt.openai;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import dev.realtime.upstream.Endpoints;

/**
 * How to reach an OpenAI-compatible {@code /audio/transcriptions} endpoint (OpenAI, Groq, speaches, vLLM,
 * LocalAI: the base URL decides). Immutable.
 *
 * @param baseUrl base URL before {@code /audio/transcriptions}, e.g. {@code https://api.openai.com/v1},
 *                {@code https://api.groq.com/openai/v1} or {@code http://localhost:8000/v1}
 * @param apiKey  bearer key, if the endpoint needs one
 * @param model   model id, e.g. {@code whisper-1}, {@code whisper-large-v3-turbo},
 *                {@code Systran/faster-distil-whisper-small.en}
 * @param timeout bound on one upload, from sending the request to the end of the response body
 */
public record OpenAiSttSettings(URI baseUrl, Optional<String> apiKey, String model, Duration timeout) {

    public OpenAiSttSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(model, "model");
        if (model.isBlank()) {
            throw new IllegalArgumentException("Transcription model must not be blank");
        }
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
    }

    /**
     * Settings with a 30 s timeout.
     *
     * @param baseUrl base URL
     * @param apiKey  bearer key
     * @param model   model id
     * @return the settings
     */
    public static OpenAiSttSettings of(URI baseUrl, Optional<String> apiKey, String model) {
        return new OpenAiSttSettings(baseUrl, apiKey, model, Duration.ofSeconds(30));
    }

    /**
     * @param newTimeout upload timeout
     * @return a copy using it
     */
    public OpenAiSttSettings withTimeout(Duration newTimeout) {
        return new OpenAiSttSettings(baseUrl, apiKey, model, newTimeout);
    }

    /** @return {@code {baseUrl}/audio/transcriptions}, keeping a query string of the base URL */
    URI endpoint() {
        return Endpoints.http(baseUrl, "/audio/transcriptions");
    }
}

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
 * @param firstByteTimeout bound from sending a piece's request to its first audio bytes (headers included)
 * @param idleTimeout  bound on each silence of the response body once its audio has started
 */
public record OpenAiTtsSettings(URI baseUrl, Optional<String> apiKey, String model, String defaultVoice,
                                Duration firstByteTimeout, Duration idleTimeout) {

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
        positive(firstByteTimeout, "firstByteTimeout");
        positive(idleTimeout, "idleTimeout");
    }

    /**
     * Defaults: model {@code gpt-4o-mini-tts}, voice {@code alloy}, first audio within 10 s, silences of 5 s.
     *
     * @param baseUrl base URL
     * @param apiKey  bearer key
     * @return the settings
     */
    public static OpenAiTtsSettings of(URI baseUrl, Optional<String> apiKey) {
        return new OpenAiTtsSettings(baseUrl, apiKey, "gpt-4o-mini-tts", "alloy", Duration.ofSeconds(10),
                                     Duration.ofSeconds(5));
    }

    /**
     * @param newModel        model id
     * @param newDefaultVoice default voice
     * @return a copy using them
     */
    public OpenAiTtsSettings withModel(String newModel, String newDefaultVoice) {
        return new OpenAiTtsSettings(baseUrl, apiKey, newModel, newDefaultVoice, firstByteTimeout, idleTimeout);
    }

    /**
     * @param newTimeout both the first-audio and the silence bound
     * @return a copy using it
     */
    public OpenAiTtsSettings withTimeout(Duration newTimeout) {
        return withTimeouts(newTimeout, newTimeout);
    }

    /**
     * @param firstByte bound from the request to the first audio
     * @param idle      bound on each silence once the audio has started
     * @return a copy using them
     */
    public OpenAiTtsSettings withTimeouts(Duration firstByte, Duration idle) {
        return new OpenAiTtsSettings(baseUrl, apiKey, model, defaultVoice, firstByte, idle);
    }

    private static void positive(Duration d, String name) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    /** @return {@code {baseUrl}/audio/speech}, keeping a query string of the base URL */
    URI endpoint() {
        return Endpoints.http(baseUrl, "/audio/speech");
    }
}

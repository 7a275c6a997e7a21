package dev.realtime.llm;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How to reach one OpenAI-compatible chat endpoint. Immutable.
 *
 * @param provider         provider name for logs and quirks, e.g. {@code groq}, {@code openrouter}
 * @param baseUrl          base URL ending before {@code /chat/completions}, e.g. {@code https://api.groq.com/openai/v1}
 * @param apiKey           bearer key, if the endpoint needs one
 * @param model            model id
 * @param connectTimeout   TCP/TLS connect timeout (used when this package builds the HTTP client)
 * @param firstByteTimeout time allowed until the response headers and until the first body byte
 * @param idleTimeout      longest silence allowed between body bytes while streaming
 * @param maxRetries       retries of rate-limited or failed requests before the first stream byte
 * @param maxRetryWait     total time all retry waits of one request may take
 * @param maxTokensField   {@code max_completion_tokens} or {@code max_tokens}
 */
public record LlmSettings(String provider,
                          URI baseUrl,
                          Optional<String> apiKey,
                          String model,
                          Duration connectTimeout,
                          Duration firstByteTimeout,
                          Duration idleTimeout,
                          int maxRetries,
                          Duration maxRetryWait,
                          String maxTokensField) {

    private static final Set<String> TOKEN_FIELDS = Set.of("max_completion_tokens", "max_tokens");

    public LlmSettings {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(model, "model");
        positive(connectTimeout, "connectTimeout");
        positive(firstByteTimeout, "firstByteTimeout");
        positive(idleTimeout, "idleTimeout");
        if (maxRetries < 0 || maxRetryWait.isNegative()) {
            throw new IllegalArgumentException("Retries and retry wait must not be negative");
        }
        if (!TOKEN_FIELDS.contains(maxTokensField)) {
            throw new IllegalArgumentException("maxTokensField must be one of " + TOKEN_FIELDS);
        }
    }

    /**
     * Settings with defaults: connect 5 s, first byte 30 s, idle 30 s, 2 retries within 2 s,
     * {@code max_completion_tokens}.
     *
     * @param provider provider name
     * @param baseUrl  base URL
     * @param apiKey   bearer key
     * @param model    model id
     * @return the settings
     */
    public static LlmSettings of(String provider, URI baseUrl, Optional<String> apiKey, String model) {
        return new LlmSettings(provider, baseUrl, apiKey, model, Duration.ofSeconds(5), Duration.ofSeconds(30),
                               Duration.ofSeconds(30), 2, Duration.ofSeconds(2), "max_completion_tokens");
    }

    /**
     * @param connect   connect timeout
     * @param firstByte first byte timeout
     * @param idle      idle timeout
     * @return a copy with these timeouts
     */
    public LlmSettings withTimeouts(Duration connect, Duration firstByte, Duration idle) {
        return new LlmSettings(provider, baseUrl, apiKey, model, connect, firstByte, idle, maxRetries,
                               maxRetryWait, maxTokensField);
    }

    /**
     * @param retries   maximum number of retries
     * @param totalWait maximum total wait across retries
     * @return a copy with this retry budget
     */
    public LlmSettings withRetries(int retries, Duration totalWait) {
        return new LlmSettings(provider, baseUrl, apiKey, model, connectTimeout, firstByteTimeout, idleTimeout,
                               retries, totalWait, maxTokensField);
    }

    /**
     * @param field {@code max_completion_tokens} or {@code max_tokens}
     * @return a copy using this field name
     */
    public LlmSettings withMaxTokensField(String field) {
        return new LlmSettings(provider, baseUrl, apiKey, model, connectTimeout, firstByteTimeout, idleTimeout,
                               maxRetries, maxRetryWait, field);
    }

    private static void positive(Duration d, String name) {
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}

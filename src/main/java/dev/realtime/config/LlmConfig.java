package dev.realtime.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The language model the engine uses.
 *
 * @param provider        {@code groq}, {@code openrouter}, {@code openai}, {@code openai-compatible} or
 *                        {@code offline}
 * @param baseUrl         OpenAI-compatible base URL (ends before {@code /chat/completions})
 * @param apiKey          provider key, if any
 * @param model           model name sent upstream
 * @param firstByteTimeout how long to wait for the upstream's answer
 * @param idleTimeout     longest silence inside a stream
 * @param maxRetries      retries of a rate-limited or unavailable request before its first token
 * @param maxRetryWait    total waiting those retries may add
 * @param maxTokensField  {@code max_completion_tokens} or {@code max_tokens}
 */
public record LlmConfig(String provider,
                        URI baseUrl,
                        Optional<String> apiKey,
                        String model,
                        Duration firstByteTimeout,
                        Duration idleTimeout,
                        int maxRetries,
                        Duration maxRetryWait,
                        String maxTokensField) {

    /** The provider name of the keyless offline responder. */
    public static final String OFFLINE = "offline";

    /** Whether no language model is configured. */
    public boolean offline() {
        return OFFLINE.equals(provider);
    }
}

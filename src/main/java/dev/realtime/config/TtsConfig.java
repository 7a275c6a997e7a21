package dev.realtime.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Text-to-speech settings.
 *
 * @param provider        {@code deepgram}, {@code openai-compatible}, {@code local} or {@code none}
 * @param deepgramApiKey  Deepgram key
 * @param deepgramBaseUrl Deepgram base URL
 * @param deepgramModel   Aura model, which is also the default voice ({@code aura-2-thalia-en})
 * @param baseUrl         OpenAI-compatible speech base URL
 * @param apiKey          OpenAI-compatible speech key
 * @param model           OpenAI-compatible speech model
 * @param voice           default voice for the OpenAI-compatible engine
 * @param firstByteTimeout longest wait from sending a piece to its first audio
 * @param idleTimeout     longest silence of a piece's audio once it has started
 */
public record TtsConfig(String provider,
                        Optional<String> deepgramApiKey,
                        URI deepgramBaseUrl,
                        String deepgramModel,
                        URI baseUrl,
                        Optional<String> apiKey,
                        String model,
                        String voice,
                        Duration firstByteTimeout,
                        Duration idleTimeout) {
    /** Provider name when speech is off. */
    public static final String NONE = "none";
}

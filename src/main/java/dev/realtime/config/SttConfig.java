package dev.realtime.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Speech-to-text and voice activity settings.
 *
 * @param provider        {@code deepgram}, {@code openai-compatible}, {@code local} or {@code none}
 * @param deepgramApiKey  Deepgram key
 * @param deepgramBaseUrl Deepgram base URL ({@code wss://api.deepgram.com})
 * @param deepgramModel   Deepgram model ({@code nova-3})
 * @param deepgramLanguage Deepgram language ({@code en-US})
 * @param baseUrl         OpenAI-compatible transcription base URL
 * @param apiKey          OpenAI-compatible transcription key
 * @param model           OpenAI-compatible transcription model
 * @param vad             voice activity detector: {@code silero} (the energy detector stands in when its model is
 *                        missing) or {@code energy}
 * @param sileroModel     where the Silero VAD model is
 * @param timeout         longest wait from the end of a turn to its transcript (an upload, or Deepgram's final)
 * @param idleTimeout     streaming (Deepgram): longest silence from the provider while audio streams to it
 */
public record SttConfig(String provider,
                        Optional<String> deepgramApiKey,
                        URI deepgramBaseUrl,
                        String deepgramModel,
                        String deepgramLanguage,
                        URI baseUrl,
                        Optional<String> apiKey,
                        String model,
                        String vad,
                        Path sileroModel,
                        Duration timeout,
                        Duration idleTimeout) {
    /** Provider name when transcription is off. */
    public static final String NONE = "none";
    /** The energy voice activity detector. */
    public static final String ENERGY_VAD = "energy";
}

package dev.realtime.tts.deepgram;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How to reach Deepgram's speak v1 WebSocket and how patient to be with it. Immutable.
 *
 * @param baseUrl        scheme and host (optionally a path prefix) before {@code /v1/speak}, e.g.
 *                       {@code wss://api.deepgram.com}; {@code http(s)} is turned into {@code ws(s)}
 * @param apiKey         API key, sent as {@code Authorization: Token <key>}
 * @param model          default Aura model (voice), e.g. {@code aura-2-thalia-en}
 * @param sampleRate     PCM rate asked for and delivered: 8000, 16000, 24000, 32000 or 48000
 * @param connectTimeout WebSocket handshake timeout, also the bound on one frame send
 * @param firstByteTimeout longest wait from sending a piece to its first audio (or for a {@code Cleared})
 * @param idleTimeout    longest wait for the next message (audio, {@code Flushed}) once the piece's audio started
 */
public record DeepgramTtsSettings(URI baseUrl,
                                  String apiKey,
                                  String model,
                                  int sampleRate,
                                  Duration connectTimeout,
                                  Duration firstByteTimeout,
                                  Duration idleTimeout) {

    /** Deepgram's public endpoint. */
    public static final URI DEFAULT_BASE_URL = URI.create("wss://api.deepgram.com");

    /** The default Aura-2 voice. */
    public static final String DEFAULT_MODEL = "aura-2-thalia-en";

    private static final Set<String> SCHEMES = Set.of("ws", "wss", "http", "https");
    private static final Set<Integer> RATES = Set.of(8_000, 16_000, 24_000, 32_000, 48_000);

    public DeepgramTtsSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(model, "model");
        if (baseUrl.getScheme() == null || !SCHEMES.contains(baseUrl.getScheme().toLowerCase())) {
            throw new IllegalArgumentException("Deepgram base URL must be ws, wss, http or https: " + baseUrl);
        }
        if (!model.startsWith("aura-")) {
            throw new IllegalArgumentException("Deepgram TTS model must be an Aura model: " + model);
        }
        if (!RATES.contains(sampleRate)) {
            throw new IllegalArgumentException("Deepgram linear16 sample rate must be one of " + RATES);
        }
        positive(connectTimeout, "connectTimeout");
        positive(firstByteTimeout, "firstByteTimeout");
        positive(idleTimeout, "idleTimeout");
    }

    /**
     * Defaults: {@code wss://api.deepgram.com}, {@code aura-2-thalia-en}, 24 kHz, connect 5 s, first audio within
     * 10 s, silences of 5 s.
     *
     * @param apiKey Deepgram API key
     * @return the settings
     */
    public static DeepgramTtsSettings of(String apiKey) {
        return new DeepgramTtsSettings(DEFAULT_BASE_URL, apiKey, DEFAULT_MODEL, 24_000, Duration.ofSeconds(5),
                                       Duration.ofSeconds(10), Duration.ofSeconds(5));
    }

    /**
     * @param url base URL, e.g. a fake's {@code ws://127.0.0.1:PORT}
     * @return a copy using it
     */
    public DeepgramTtsSettings withBaseUrl(URI url) {
        return new DeepgramTtsSettings(url, apiKey, model, sampleRate, connectTimeout, firstByteTimeout,
                                       idleTimeout);
    }

    /**
     * @param newModel default Aura model
     * @return a copy using it
     */
    public DeepgramTtsSettings withModel(String newModel) {
        return new DeepgramTtsSettings(baseUrl, apiKey, newModel, sampleRate, connectTimeout, firstByteTimeout,
                                       idleTimeout);
    }

    /**
     * @param connect handshake and send timeout
     * @param wait    both the first-audio and the silence bound of a piece
     * @return a copy using them
     */
    public DeepgramTtsSettings withTimeouts(Duration connect, Duration wait) {
        return new DeepgramTtsSettings(baseUrl, apiKey, model, sampleRate, connect, wait, wait);
    }

    /**
     * @param firstByte longest wait from sending a piece to its first audio
     * @param idle      longest silence once its audio started
     * @return a copy using them, the connect timeout unchanged
     */
    public DeepgramTtsSettings withWaits(Duration firstByte, Duration idle) {
        return new DeepgramTtsSettings(baseUrl, apiKey, model, sampleRate, connectTimeout, firstByte, idle);
    }

    private static void positive(Duration d, String name) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
